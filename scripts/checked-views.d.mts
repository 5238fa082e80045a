export const RUNTIME_MARKER: string;
export function writeCheckedViews(dir: string, options?: { runtime?: boolean }): string[];
