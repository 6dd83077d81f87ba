/**
 * Artifacts do not bundle Weir: their `import … from 'weir'` reads the API of the runtime
 * that loads them (as a Flink JAR gets Flink from the cluster), published on a global.
 * One copy of the API per thread means one set of classes, so the runtime's instanceof
 * checks and executor hooks see what the program built.
 */
export const WEIR_API_GLOBAL = '__weirApi';

export async function installApiForArtifacts(): Promise<void> {
  const holder = globalThis as Record<string, unknown>;
  if (holder[WEIR_API_GLOBAL] !== undefined) return;
  holder[WEIR_API_GLOBAL] = await import('../../index.js');
}
