-- Helpers for newslint in Neovim 0.11+: apply every safe fix in a buffer, now or on save.
--
--   require('newslint').fix_all()       -- fix the current buffer
--   require('newslint').fix_on_save()   -- fix newslint buffers before each :write
--
-- Both ask the server for its `source.fixAll.newslint` action and apply it synchronously, so a
-- write never races the fix.

local M = {}

local FIX_ALL = 'source.fixAll.newslint'

---@param bufnr integer
---@return vim.lsp.Client?
local function client_for(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'newslint' })[1]
end

--- Applies newslint's safe fixes to a buffer. Returns true when the server offered a fix.
---@param opts? { bufnr?: integer, timeout_ms?: integer }
---@return boolean
function M.fix_all(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or 0
  if bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local client = client_for(bufnr)
  if not client then
    return false
  end
  local timeout = opts.timeout_ms or 3000
  local last = vim.api.nvim_buf_line_count(bufnr)
  local last_line = vim.api.nvim_buf_get_lines(bufnr, last - 1, last, false)[1] or ''
  local params = vim.lsp.util.make_given_range_params(
    { 1, 0 },
    { last, #last_line },
    bufnr,
    client.offset_encoding
  )
  params.context = { only = { FIX_ALL }, diagnostics = {}, triggerKind = 1 }
  local response = client:request_sync('textDocument/codeAction', params, timeout, bufnr)
  if not response or response.err or not response.result then
    return false
  end
  local applied = false
  for _, action in ipairs(response.result) do
    if action.kind == FIX_ALL then
      if not action.edit and not action.command and client:supports_method('codeAction/resolve') then
        local resolved = client:request_sync('codeAction/resolve', action, timeout, bufnr)
        action = resolved and resolved.result or action
      end
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        applied = true
      end
      if action.command then
        client:exec_cmd(action.command, { bufnr = bufnr })
        applied = true
      end
      break
    end
  end
  return applied
end

--- Applies the safe fixes before every :write of a buffer newslint is attached to.
function M.fix_on_save()
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = vim.api.nvim_create_augroup('newslint_fix_on_save', { clear = true }),
    callback = function(args)
      if client_for(args.buf) then
        M.fix_all({ bufnr = args.buf })
      end
    end,
  })
end

return M
