// The protocol's Range (LSP positions) is the one this project means; System.Range is never used by name.
global using Range = CharRnnLsp.Server.Lsp.Protocol.Range;
