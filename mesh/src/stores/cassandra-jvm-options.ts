import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * JVM flags for running Cassandra 5.0 straight from its Maven jars, without the tarball's bin/cassandra
 * script, cassandra-env.sh or conf/jvm*.options. Each group says which upstream file it stands in for.
 */

/**
 * conf/jvm17-server.options of Cassandra 5.0, "JPMS" section, verbatim. Without these, startup dies
 * with "Cassandra is unable to access required classes" or InaccessibleObjectException (java.io
 * FileDescriptor.fd, jdk.internal.ref.Cleaner), and jamm cannot measure memtable objects.
 */
export const java17ModuleFlags: readonly string[] = [
  '-Djdk.attach.allowAttachSelf=true',
  '--add-exports', 'java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports', 'java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED',
  '--add-exports', 'java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports', 'java.rmi/sun.rmi.server=ALL-UNNAMED',
  '--add-exports', 'java.sql/java.sql=ALL-UNNAMED',
  '--add-exports', 'java.base/java.lang.ref=ALL-UNNAMED',
  '--add-exports', 'jdk.unsupported/sun.misc=ALL-UNNAMED',
  '--add-exports', 'jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports', 'jdk.attach/sun.tools.attach=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang.module=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.loader=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.reflect=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.math=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.module=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.util.jar=ALL-UNNAMED',
  '--add-opens', 'jdk.management/com.sun.management.internal=ALL-UNNAMED',
  '--add-opens', 'java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens', 'java.base/java.io=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens', 'jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util=ALL-UNNAMED',
];

/** conf/jvm17-server.options, G1 and Netty sections: upstream's tuned G1 and Netty's Unsafe direct buffers. */
const java17GcAndNettyFlags: readonly string[] = [
  '-XX:+UseG1GC',
  '-XX:+ParallelRefProcEnabled',
  '-XX:MaxTenuringThreshold=1',
  '-XX:G1HeapRegionSize=16m',
  '-XX:G1RSetUpdatingPauseTimePercent=5',
  '-XX:MaxGCPauseMillis=300',
  '-XX:InitiatingHeapOccupancyPercent=70',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dio.netty.allocator.useCacheForAllThreads=true',
  '-Dio.netty.allocator.maxOrder=11',
];

/**
 * conf/jvm-server.options, general section. Left out on purpose: -XX:+AlwaysPreTouch (would fault in
 * the whole heap at boot on a machine shared with every other store) and -XX:-UseBiasedLocking
 * (deprecated on 17, only prints a warning).
 */
const generalServerFlags: readonly string[] = [
  // Upstream: "enable assertions. highly suggested for correct application functionality."
  '-ea',
  // Chronicle (audit/full-query log) runs out of memory by design with assertions on.
  '-da:net.openhft...',
  '-XX:+UseThreadPriorities',
  '-XX:+UseTLAB',
  '-XX:+ResizeTLAB',
  '-XX:+UseNUMA',
  '-XX:+PerfDisableSharedMem',
  '-Djava.net.preferIPv4Stack=true',
  // cassandra-env.sh kills the JVM on OOM because continuing "can result in some data corruption".
  '-XX:+ExitOnOutOfMemoryError',
];

/**
 * Heap for this machine. Upstream's formula would pick 1/4 of RAM (6 GiB of 24); a single-node dev
 * store with a handful of tables is comfortable in 1 GiB, leaving room for the other stores. Run as
 * root, Cassandra mlockall()s at boot, so the whole heap is resident at once: RSS is about heap + 0.5 GiB.
 * -Xss256k is upstream's per-thread stack size.
 */
export const cassandraHeapFlags: readonly string[] = ['-Xms1G', '-Xmx1G', '-Xss256k'];

/** Every jar in the lib folder, sorted so the classpath is stable from one start to the next. */
export function cassandraClasspathJars(libDir: string): string[] {
  return readdirSync(libDir)
    .filter((name) => name.endsWith('.jar'))
    .sort()
    .map((name) => join(libDir, name));
}

/**
 * jamm measures on-heap object sizes (memtables, prepared statement cache). Cassandra 5.0.9 still starts
 * without the agent, jamm 0.4 then falls back to Unsafe-based estimates; upstream always loads it.
 */
export function jammAgentJar(libDir: string): string {
  const jamm = readdirSync(libDir).find((name) => /^jamm-[\d.]+\.jar$/.test(name));
  if (!jamm) throw new Error(`no jamm-*.jar in ${libDir}; the cassandra classpath is incomplete`);
  return join(libDir, jamm);
}

export interface CassandraJvmPaths {
  /** Folder of the cassandra-all jar and its runtime dependencies. */
  libDir: string;
  /** Holds cassandra.yaml and logback.xml; also put on the classpath like upstream's conf/. */
  configDir: string;
  yamlPath: string;
  logbackPath: string;
  /** Default root for data folders not named in cassandra.yaml. */
  storageDir: string;
}

/**
 * Full java argument list: flags, classpath and main class.
 *
 * JMX: none of cassandra.jmx.local.port, cassandra.jmx.remote.port or com.sun.management.jmxremote.port
 * is set, so CassandraDaemon starts no JMX connector and binds no port besides native and storage.
 * The cost is that nodetool cannot attach; the local connector would be unauthenticated anyway.
 */
export function cassandraJavaArgs(paths: CassandraJvmPaths): string[] {
  const classpath = [paths.configDir, ...cassandraClasspathJars(paths.libDir)].join(':');
  return [
    ...cassandraHeapFlags,
    ...generalServerFlags,
    ...java17GcAndNettyFlags,
    ...java17ModuleFlags,
    `-javaagent:${jammAgentJar(paths.libDir)}`,
    `-Dcassandra.config=file://${paths.yamlPath}`,
    `-Dcassandra.storagedir=${paths.storageDir}`,
    `-Dlogback.configurationFile=${paths.logbackPath}`,
    // Stay attached to the launcher and log to stdout; no pid file, no daemonizing.
    '-Dcassandra-foreground=yes',
    // Create the default superuser as soon as the node is up instead of 10 s later; probe and
    // first provisioning wait on it.
    '-Dcassandra.superuser_setup_delay_ms=0',
    // No peers to wait for. Cassandra already skips the gossip wait when it listens on loopback, so
    // this only matters if the address ever changes.
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    // No peers to tell about a shutdown: skip the 2 s announce pause on SIGTERM (the drain still runs).
    '-Dcassandra.shutdown_announce_in_ms=0',
    '-cp',
    classpath,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}
