/** The SPIRE agent's Workload API socket, relative to the state folder (every sidecar's cwd). */
export const spireAgentSocketRelative = 'run/spire/agent.sock';
