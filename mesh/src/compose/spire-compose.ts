import type { Policy, Workload } from '../policy/define-policy.ts';

/** The docker label that names a sidecar's workload; the agent's docker attestor selects on it. */
export const workloadLabel = 'io.lynk.workload';

/** Where things live inside the SPIRE containers. */
export const spireComposePaths = {
  serverConfig: '/etc/spire/server.conf',
  agentConfig: '/etc/spire/agent.conf',
  serverData: '/var/lib/spire/server',
  agentData: '/var/lib/spire/agent',
  /** spire-server's default admin socket, so `docker compose exec spire-server spire-server token generate` needs no flag. */
  serverSocketDir: '/tmp/spire-server/private',
  /** The Workload API socket; sidecars mount the same volume at run/spire under their working directory. */
  agentSocketDir: '/run/spire/agent',
  entriesJson: '/etc/spire/entries.json',
} as const;

export const spireServerPort = 8081;

/** The agent's node identity: the join token is generated with this alias, so entries do not depend on the token. */
export const composeNodeId = (policy: Policy) => `spiffe://${policy.trustDomain}/node/compose`;

export function composeSelector(workload: Workload): string {
  return `docker:label:${workloadLabel}:${workload.name}`;
}

/** One registration entry per workload, selected by its sidecar's (or the edge's) container label. */
export function composeEntries(policy: Policy) {
  return policy.workloads.map((workload) => ({
    workload: workload.name,
    spiffeId: workload.spiffeId,
    selector: composeSelector(workload),
    x509SvidTtlSeconds: policy.svidTtlSeconds,
  }));
}

/** The same entries in the JSON that `spire-server entry create -data` reads. */
export function composeEntriesJson(policy: Policy): string {
  const entries = composeEntries(policy).map((entry) => {
    const [type, ...value] = entry.selector.split(':');
    return { spiffe_id: entry.spiffeId, parent_id: composeNodeId(policy), selectors: [{ type, value: value.join(':') }], x509_svid_ttl: entry.x509SvidTtlSeconds };
  });
  return `${JSON.stringify({ entries }, null, 2)}\n`;
}

/** Server: SQLite and disk keys in its volume, agents attest with join tokens. */
export function composeServerConfig(policy: Policy): string {
  return `server {
  bind_address = "0.0.0.0"
  bind_port = "${spireServerPort}"
  socket_path = "${spireComposePaths.serverSocketDir}/api.sock"
  trust_domain = "${policy.trustDomain}"
  data_dir = "${spireComposePaths.serverData}"
  log_level = "INFO"
  default_x509_svid_ttl = "${policy.svidTtlSeconds}s"
  ca_ttl = "24h"
}

plugins {
  DataStore "sql" {
    plugin_data {
      database_type = "sqlite3"
      connection_string = "${spireComposePaths.serverData}/datastore.sqlite3"
    }
  }
  KeyManager "disk" {
    plugin_data {
      keys_path = "${spireComposePaths.serverData}/keys.json"
    }
  }
  NodeAttestor "join_token" {
    plugin_data {}
  }
}

health_checks {
  listener_enabled = true
  bind_address = "127.0.0.1"
  bind_port = "8080"
  live_path = "/live"
  ready_path = "/ready"
}
`;
}

/**
 * Agent: join token for the node, the docker attestor for workloads (container labels, read
 * through the Docker socket and the host's pid namespace). The native unix:path selector does not
 * apply: every sidecar container runs the same /usr/local/bin/envoy.
 */
export function composeAgentConfig(policy: Policy): string {
  return `agent {
  data_dir = "${spireComposePaths.agentData}"
  log_level = "INFO"
  server_address = "spire-server"
  server_port = "${spireServerPort}"
  socket_path = "${spireComposePaths.agentSocketDir}/agent.sock"
  trust_domain = "${policy.trustDomain}"
  # First start only: the server's bundle is taken on trust from the compose network; the join
  # token still authenticates the agent, and later starts verify against the cached bundle.
  insecure_bootstrap = true
  sds {
    default_svid_name = "default"
    default_bundle_name = "ROOTCA"
    default_all_bundles_name = "ALL"
  }
}

plugins {
  NodeAttestor "join_token" {
    plugin_data {}
  }
  KeyManager "disk" {
    plugin_data {
      directory = "${spireComposePaths.agentData}"
    }
  }
  WorkloadAttestor "docker" {
    plugin_data {
      # Selectors docker:label:${workloadLabel}:<workload>, set only on sidecar and edge containers.
    }
  }
}
`;
}
