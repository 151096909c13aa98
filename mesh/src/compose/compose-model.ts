/** The parts of the Compose Specification the generated files use. */
export interface ComposeService {
  image: string;
  entrypoint?: string[];
  command?: string[];
  working_dir?: string;
  user?: string;
  environment?: Record<string, string>;
  labels?: Record<string, string>;
  /** `service:<name>`: share that service's network namespace (a sidecar and its app or store). */
  network_mode?: string;
  networks?: string[];
  ports?: string[];
  volumes?: string[];
  configs?: Array<{ source: string; target: string }>;
  depends_on?: string[] | Record<string, { condition: 'service_started' | 'service_healthy' }>;
  healthcheck?: { test: string[]; interval: string; retries: number };
  pid?: 'host';
  cgroup?: 'host';
  restart?: string;
}

/** A service plus the inline configs (`configs: <name>: content:`) it mounts. */
export interface ServiceWithConfigs {
  service: ComposeService;
  configs?: Record<string, { content: string }>;
}
