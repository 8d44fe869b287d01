export async function main(_argv: string[], _env: NodeJS.ProcessEnv): Promise<number> {
  return 0;
}
