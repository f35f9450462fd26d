// tsconfig uses moduleResolution "node", which ignores package.json "exports"; Node and
// esbuild resolve the real subpaths. These map the `/node` subpaths to their declaration
// files for tsc (the server, the protocol tests and the benchmark import them).
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
declare module 'vscode-languageserver-protocol/node' {
  export * from 'vscode-languageserver-protocol/lib/node/main';
}
declare module 'vscode-jsonrpc/node' {
  export * from 'vscode-jsonrpc/lib/node/main';
}
