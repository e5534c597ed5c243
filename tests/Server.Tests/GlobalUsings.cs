global using Xunit;
global using Range = CharRnnLsp.Server.Lsp.Protocol.Range;
