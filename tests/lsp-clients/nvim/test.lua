-- Neovim 0.7 built-in LSP client against charrnn-lsp: completion items and a hover.
-- Run: CHARRNN_LSP=... CHARRNN_CLIENT_DIR=... nvim --headless -u NONE -c 'luafile test.lua'
-- The model is found by the server's default lookup: <workspace>/.charrnn/model.safetensors.
local function finish(ok, message)
  io.stdout:write((ok and 'NVIM OK: ' or 'NVIM FAIL: ') .. message .. '\n')
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

local function run()
  local dir = assert(os.getenv('CHARRNN_CLIENT_DIR'), 'CHARRNN_CLIENT_DIR not set')
  local client_id = vim.lsp.start_client({ cmd = { assert(os.getenv('CHARRNN_LSP')), '--stdio' }, root_dir = dir, name = 'charrnn' })
  vim.cmd('edit ' .. dir .. '/sample.c')
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local ready = vim.wait(30000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 50)
  if not ready then return finish(false, 'client never initialized') end

  -- Line 12 is "\tfor (int i = 0; i < 10; i++) {": ask at its end, where a suggestion opens the block's body (at the
  -- end of "\treturn a + b;" an adapted model may rightly predict only the closing brace, which shaping drops).
  -- Retry while the model is still loading (empty answers).
  local position = { line = 12, character = 31 }
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = position }
  local items
  vim.wait(30000, function()
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000) or {}
    for _, response in pairs(responses) do
      local result = response.result
      if result then
        local list = result.items or result
        if #list > 0 then items = list return true end
      end
    end
    return false
  end, 200)
  if not items then return finish(false, 'no completion items') end

  local hover_text
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
  for _, response in pairs(responses) do
    if response.result and response.result.contents then hover_text = response.result.contents.value end
  end
  if not hover_text or not hover_text:find('charrnn imagines', 1, true) then
    return finish(false, 'hover without the imagined continuation: ' .. tostring(hover_text))
  end
  finish(true, string.format('%d completion items (first %q), hover %d chars', #items, items[1].label, #hover_text))
end

local ok, err = pcall(run)
if not ok then finish(false, tostring(err)) end
