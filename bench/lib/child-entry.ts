// Child side of runInChild: imports the module, runs its runChild export, prints the result as JSON.
const [moduleUrl, input] = process.argv.slice(2);
if (!moduleUrl || input === undefined) throw new Error('usage: child-entry.ts <module-url> <json-input>');
const module = (await import(moduleUrl)) as { runChild?: (input: unknown) => unknown };
if (typeof module.runChild !== 'function') throw new Error(`${moduleUrl} has no runChild export`);
const result = await module.runChild(JSON.parse(input));
process.stdout.write(`\n${JSON.stringify(result)}\n`);
