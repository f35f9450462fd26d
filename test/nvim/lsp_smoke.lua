-- Drives the mmlab language server with Neovim's built-in LSP client, headless.
-- Inputs (environment): MMLAB_SERVER_CMD (JSON array), MMLAB_HOVER_LINE / MMLAB_HOVER_CHAR (0-based).
-- Output: lines "DIAGNOSTICS <json>" and "HOVER <json>" on stdout; `cquit 1` on failure.
local function out(s) io.stdout:write(s .. '\n') end
local function fail(msg) out('FAIL ' .. msg); vim.cmd('cquit 1') end

local cmd = vim.fn.json_decode(os.getenv('MMLAB_SERVER_CMD'))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'mmlab',
  cmd = cmd,
  root_dir = vim.fn.getcwd(),
  settings = { mmlab = { debounceMs = 0 } },
})
if not client_id then fail('start_client failed') end
vim.lsp.buf_attach_client(buf, client_id)

local function code_of(d)
  if d.code then return d.code end
  if d.user_data and d.user_data.lsp then return d.user_data.lsp.code end
  return nil
end

-- the run's diagnostics (expect-failed only comes from the simulation)
local ok = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'expect-failed' then return true end
  end
  return false
end, 20)
if not ok then fail('no simulation diagnostics arrived') end
local codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(codes, { code = code_of(d), line = d.lnum, severity = d.severity })
end
out('DIAGNOSTICS ' .. vim.fn.json_encode(codes))

local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = tonumber(os.getenv('MMLAB_HOVER_LINE')), character = tonumber(os.getenv('MMLAB_HOVER_CHAR')) },
}
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
local value = nil
for _, r in pairs(res or {}) do
  if r.result and r.result.contents then value = r.result.contents.value or r.result.contents end
end
if not value then fail('no hover') end
out('HOVER ' .. vim.fn.json_encode(value))

local lens = vim.lsp.buf_request_sync(buf, 'textDocument/codeLens', { textDocument = params.textDocument }, 10000)
local n = 0
for _, r in pairs(lens or {}) do n = n + #(r.result or {}) end
out('LENSES ' .. n)

vim.lsp.stop_client(client_id)
vim.cmd('qall!')
