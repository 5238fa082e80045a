/**
 * Findings the oracle makes on main today for defects of issue 11 that are being fixed on other
 * branches. Each entry names the defect it waits for; once those branches are merged the
 * entries match nothing (the oracle prints them as stale) and should be deleted. Nothing else
 * is excused: any other finding fails the default run.
 */
import type { Finding, FindingKind } from "./oracle.js";

export interface KnownDefect {
  spec: string;
  operationId: string;
  kinds: FindingKind[];
  /** Matched against the finding's detail and its mutation's pointer. */
  match?: RegExp;
  /** The defect (issue 11) whose fix makes the entry obsolete. */
  defect: string;
}

const FIXTURE = "oracle-round-trip";

export const KNOWN_DEFECTS_BEING_FIXED: KnownDefect[] = [
  {
    spec: FIXTURE,
    operationId: "getItem",
    kinds: ["echo-mismatch", "accepted-invalid", "wrong-pointer"],
    match: /\/query\/filter/,
    defect: "parameter styles: `style: deepObject` query parameters are ignored (handler gets filter: undefined, filter[year]=abc is a 200)",
  },
  {
    spec: FIXTURE,
    operationId: "getItem",
    kinds: ["rejected-valid", "wrong-pointer"],
    match: /\/query\/point: Invalid input: expected object, received string/,
    defect: "parameter styles: a `style: form, explode: false` object query parameter (point=x,1,y,2) is not split into an object",
  },
  {
    spec: FIXTURE,
    operationId: "getSlot",
    kinds: ["rejected-valid", "echo-mismatch", "wrong-pointer", "accepted-invalid"],
    match: /\/path\//,
    defect: "parameter styles: label (`.x`) and matrix (`;slot=5`) path parameters are not split on the server",
  },
  {
    spec: FIXTURE,
    operationId: "signUp",
    kinds: ["rejected-valid", "echo-mismatch", "wrong-pointer"],
    match: /\/body/,
    defect: "form bodies: application/x-www-form-urlencoded fields are not coerced to the schema (age=30 is 'expected number', one interests=x is 'expected array')",
  },
  {
    spec: FIXTURE,
    operationId: "upload",
    kinds: ["echo-mismatch", "accepted-invalid", "wrong-pointer"],
    match: /\/body/,
    defect: "multipart: the handler gets a raw Buffer; parts are neither parsed nor validated (required parts, maxLength, integer fields)",
  },
  {
    spec: FIXTURE,
    operationId: "createPet",
    kinds: ["wrong-pointer"],
    match: /\/body/,
    defect: "union errors: an error inside a discriminated union's variant (or a bad tag) is reported as `/body: Invalid input` instead of at the field",
  },
];

export function knownDefectOf(f: Finding): KnownDefect | undefined {
  return KNOWN_DEFECTS_BEING_FIXED.find((k) => f.spec === k.spec && f.operationId === k.operationId && k.kinds.includes(f.kind) && (!k.match || k.match.test(`${f.detail} ${f.mutation?.pointer ?? ""}`)));
}
