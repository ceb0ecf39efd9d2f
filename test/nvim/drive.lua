-- Drives Neovim's own LSP client against loadline-ls, headless, as the editor guide's (docs/editors.md) Neovim 0.7 to 0.10 set-up starts
-- it (the init file), and writes what it saw as JSON to $LOADLINE_RESULT. Every wait is on a condition (vim.wait), bounded; never a fixed sleep.
local result = { steps = {} }
local WAIT_MS = 20000

local function write()
  vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv('LOADLINE_RESULT'))
end

--- The buffer's diagnostics as LSP sends them (Neovim keeps its own shape: 0-based lnum and col).
local function lsp_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      severity = d.severity,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      source = d.source,
      message = d.message,
    })
  end
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(lsp_diagnostics(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('LOADLINE_CSV')))
  local bufnr = vim.api.nvim_get_current_buf()
  -- The editor guide's set-up (the init file) starts loadline-ls and attaches it to the buffer.
  local client_id
  result.steps.attached = vim.wait(WAIT_MS, function()
    for id in pairs(vim.lsp.buf_get_clients(bufnr)) do client_id = id end
    return client_id ~= nil
  end, 20)
  if not result.steps.attached then return end

  result.steps.diagnostics = vim.wait(WAIT_MS, function() return has_code(bufnr, 'missing-label') and has_code(bufnr, 'type-error') end, 20)
  result.diagnostics = lsp_diagnostics(bufnr)
  if not result.steps.diagnostics then return end

  local uri = vim.uri_from_bufnr(bufnr)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 1, character = 5 } }, WAIT_MS)
  local answer = hover and hover[client_id] and hover[client_id].result
  result.hover = answer and answer.contents and answer.contents.value or vim.NIL

  local header = {}
  for _, d in ipairs(lsp_diagnostics(bufnr)) do
    if d.range.start.line == 0 then table.insert(header, d) end
  end
  local range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } }
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', { textDocument = { uri = uri }, range = range, context = { diagnostics = header } }, WAIT_MS)
  local list = actions and actions[client_id] and actions[client_id].result or {}
  result.actions = {}
  for _, action in ipairs(list) do table.insert(result.actions, action.title) end
  if #list == 0 then return end

  -- Neovim applies the edit to its buffer and sends the server the change, as for any edit the user makes.
  vim.lsp.util.apply_workspace_edit(list[1].edit, vim.lsp.get_client_by_id(client_id).offset_encoding or 'utf-16')
  result.header_after = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  result.steps.fixed = vim.wait(WAIT_MS, function() return not has_code(bufnr, 'missing-label') and has_code(bufnr, 'type-error') end, 20)
  result.diagnostics_after = lsp_diagnostics(bufnr)
  if not result.steps.fixed then return end

  -- A literal ^M typed at the end of the header (Neovim sends a CR just before the LF), then the bad price
  -- replaced on the next line: the server must apply that edit to line 2, where the user made it.
  local header_line = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  vim.api.nvim_buf_set_text(bufnr, 0, #header_line, 0, #header_line, { '\r' })
  vim.api.nvim_buf_set_text(bufnr, 1, 4, 1, 7, { '1.5' })
  result.steps.carriage_return = vim.wait(WAIT_MS, function() return not has_code(bufnr, 'type-error') end, 20)
  result.diagnostics_cr = lsp_diagnostics(bufnr)

  vim.lsp.stop_client(client_id)
  result.steps.stopped = vim.wait(WAIT_MS, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
write()
vim.cmd('qall!')
