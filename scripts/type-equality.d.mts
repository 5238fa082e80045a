export function proofOfSchemas(text: string): string;
export function equalityPrelude(models: string, schemas: string, proof: string): string[];
export function equalityLine(label: string, pair: { type: string; schema: string }): string;
