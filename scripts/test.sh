#!/usr/bin/env bash
# The project's one test command (README "Quick start"; .ci/run calls it): installs what the tests
# need, builds everything in Release, runs the .NET suites, then the real-editor LSP client tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
dotnet build CharRnnLsp.sln -c Release --nologo -v q
dotnet test CharRnnLsp.sln -c Release --no-build --nologo -v q
if [ -x tests/lsp-clients/run.sh ]; then
  tests/lsp-clients/run.sh
fi
tests/vscode-e2e/run.sh
echo "all test suites passed"
