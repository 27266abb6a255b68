/** Why dist/ must be built again, or null when it is current. */
export function staleReason(root: string): string | null;
