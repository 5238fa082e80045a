/**
 * The structural check in a worker thread (started by check/check-in-background.ts): the
 * document arrives as JSON text, the validator's errors go back as plain data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { structuralErrors } from "./validate-structure.js";

const { json } = workerData as { json: string };
parentPort!.postMessage(await structuralErrors(JSON.parse(json)));
