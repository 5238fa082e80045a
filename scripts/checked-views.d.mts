export function writeCheckedViews(dir: string): string[];
