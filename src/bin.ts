import { main } from "./main";

// `switchrole env ... | head -1` closes the pipe early; that is not an error worth a stack.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
});

main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
