export function writeCheckedViews(dir: string, options?: { runtime?: boolean }): string[];
