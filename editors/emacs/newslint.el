;;; newslint.el --- newslint for Emacs, through eglot  -*- lexical-binding: t; -*-

;; newslint checks news copy (unsourced claims, inconsistent naming, leftover page chrome) as
;; you type.  This file starts `newslint server' with eglot in text and Markdown buffers.
;;
;; Needs eglot: built in from Emacs 29; on Emacs 28, the `eglot' package from GNU ELPA (or
;; Debian's elpa-eglot).  Load it from your init file:
;;
;;   (load "/path/to/newslint/editors/emacs/newslint.el")
;;
;; Problems show through Flymake (`M-x flymake-show-buffer-diagnostics').  Fix the one at
;; point with `M-x eglot-code-actions'; fix every safe problem with `M-x newslint-fix-all'.
;; Settings go to the server as `eglot-workspace-configuration', for example in a
;; .dir-locals.el:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:newslint (:rules (:mixed-quote-style (:severity "info"))))))))

;;; Code:

(require 'eglot)

(defgroup newslint nil
  "Checks news copy with newslint."
  :group 'tools)

(defcustom newslint-program "newslint"
  "The newslint program: a name found on `exec-path', or a full path."
  :type 'string)

(defcustom newslint-modes '(text-mode markdown-mode gfm-mode)
  "Major modes whose buffers newslint checks."
  :type '(repeat symbol))

(add-to-list 'eglot-server-programs
             `(,newslint-modes . (,newslint-program "server")))

(defun newslint--maybe-start ()
  "Start newslint in this buffer when its major mode is one of `newslint-modes'.
Modes derived from `text-mode' that are not listed (Org, for one) are left alone."
  (when (memq major-mode newslint-modes)
    (eglot-ensure)))

(dolist (hook '(text-mode-hook markdown-mode-hook gfm-mode-hook))
  (add-hook hook #'newslint--maybe-start))

(defun newslint-fix-all ()
  "Apply every safe newslint fix in this buffer (the server's source.fixAll.newslint)."
  (interactive)
  (eglot-code-actions (point-min) (point-max) "source.fixAll.newslint" t))

(provide 'newslint)
;;; newslint.el ends here
