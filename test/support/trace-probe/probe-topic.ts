/** auth may write `user.*` and notification may read it, so the probe's events cross the mesh as real ones do. */
export const probeTopic = process.env.PROBE_TOPIC ?? 'user.updated';
