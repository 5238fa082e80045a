export function equalityPrelude(models: string, schemas: string): string[];
export function equalityLine(label: string, pair: { type: string; schema: string }): string;
