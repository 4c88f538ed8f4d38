/** Helpers every codec's serializeError shares. */
import type { ServiceModel, Shape } from '../model.js';

export interface ModelledError {
  name: string;
  shape: Shape;
}

/** The modelled error shape a ServiceError code names: by shape name or by its awsQueryError code. */
export function findModelledError(model: ServiceModel, code: string): ModelledError | undefined {
  let index = errorIndex.get(model);
  if (!index) {
    index = new Map();
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (!shape.exception) continue;
      if (shape.error?.code && !index.has(shape.error.code)) index.set(shape.error.code, { name, shape });
    }
    // Shape names win over awsQueryError codes.
    for (const [name, shape] of Object.entries(model.shapes)) if (shape.exception) index.set(name, { name, shape });
    errorIndex.set(model, index);
  }
  return index.get(code);
}

const errorIndex = new WeakMap<ServiceModel, Map<string, ModelledError>>();

/** The wire code and status: awsQueryError overrides win when the code names a modelled shape. */
export function wireCode(model: ServiceModel, code: string, status: number): { code: string; status: number } {
  const found = findModelledError(model, code);
  return { code: found?.shape.error?.code ?? code, status: found?.shape.error?.httpStatusCode ?? status };
}

/** The member name a modelled error uses for its message (`Message` or `message`); `message` otherwise. */
export function messageMember(found: ModelledError | undefined): string {
  const members = Object.keys(found?.shape.members ?? {});
  return members.find((m) => m.toLowerCase() === 'message') ?? 'message';
}

export function strictUtf8(buf: Buffer): string | undefined {
  try {
    return utf8.decode(buf);
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
