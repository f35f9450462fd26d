// tsconfig uses moduleResolution "node", which ignores package.json "exports"; esbuild
// resolves the real subpath. This maps the subpath to its declaration file for tsc.
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
