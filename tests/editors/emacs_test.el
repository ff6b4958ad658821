;;; emacs_test.el --- end-to-end test of editors/emacs/newslint.el  -*- lexical-binding: t; -*-

;; Run by tests/editors/run.sh after loading the snippet as a user's init file would:
;;   emacs --batch -l editors/emacs/newslint.el -l emacs_test.el
;; Opens $STORY (a plain-text story with known problems, next to no project marker) and checks
;; that eglot starts newslint and that its diagnostics reach Flymake at the right places.
;; Prints one line per check and "emacs: N passed, M failed"; exits 1 on a failure.

;;; Code:

(require 'cl-lib)
(require 'flymake)

(defvar newslint-test--passed 0)
(defvar newslint-test--failed 0)
(defvar newslint-test--timeout (string-to-number (or (getenv "TIMEOUT_S") "20")))

(defun newslint-test--check (name ok &optional detail)
  "Record check NAME as passed when OK, printing DETAIL."
  (if ok
      (cl-incf newslint-test--passed)
    (cl-incf newslint-test--failed))
  (princ (format "[%s] %s%s\n" (if ok "ok" "FAIL") name
                 (if detail (format " -- %S" detail) "")))
  ok)

(defun newslint-test--wait (pred)
  "Process events until PRED returns non-nil or the timeout passes; return its value."
  (let ((end (+ (float-time) newslint-test--timeout))
        value)
    (while (and (not (setq value (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.02))
    value))

(defun newslint-test--rule-diagnostics ()
  "Flymake's diagnostics in this buffer that come from newslint's mixed-quote-style rule."
  (sort (cl-remove-if-not
         (lambda (d) (string-match-p "mixed-quote-style\\|straight quotation mark"
                                     (flymake-diagnostic-text d)))
         (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defvar newslint-test--published nil
  "The publishDiagnostics notifications eglot received, newest first.")

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (push params newslint-test--published))))

(let ((ok
       (condition-case err
           (let* ((story (or (getenv "STORY") (error "STORY is not set")))
                  (t0 (float-time))
                  (buf (find-file-noselect story)))
             (set-buffer buf)
             (newslint-test--check "story opens in text-mode" (eq major-mode 'text-mode) major-mode)
             ;; eglot-ensure connects from `post-command-hook', which the command loop runs
             ;; after the command that visited the file; batch Emacs has no command loop.
             (run-hooks 'post-command-hook)
             (newslint-test--check
              "eglot starts newslint"
              (newslint-test--wait (lambda () (and (eglot-current-server) (eglot-managed-p))))
              (and (eglot-current-server) (process-command (jsonrpc--process (eglot-current-server)))))
             ;; Flymake starts once the buffer is shown; in batch, start it by hand.
             (flymake-start)
             (newslint-test--check "eglot received newslint's diagnostics"
                                   (newslint-test--wait (lambda () newslint-test--published)))
             (let* ((got (newslint-test--wait #'newslint-test--rule-diagnostics))
                    (elapsed (- (float-time) t0))
                    (want (save-excursion
                            (goto-char (point-min))
                            (forward-line 4)
                            (let (marks (eol (line-end-position)))
                              (while (search-forward "\"" eol t)
                                (push (1- (point)) marks))
                              (nreverse marks)))))
               (newslint-test--check "Flymake shows them, on both straight quotation marks"
                                     (equal (mapcar #'flymake-diagnostic-beg got) want)
                                     (list :got (mapcar #'flymake-diagnostic-beg got) :want want))
               (newslint-test--check "as warnings"
                                     (and got (cl-every (lambda (d) (eq (flymake-diagnostic-type d)
                                                                        'eglot-warning))
                                                        got))
                                     (mapcar #'flymake-diagnostic-type got))
               (when got
                 (princ (format "emacs timing: open -> diagnostics in Flymake %.0f ms\n"
                                (* 1000 elapsed)))))
             ;; newslint-fix-all applies source.fixAll.newslint.
             (newslint-fix-all)
             (newslint-test--check "newslint-fix-all replaces the straight marks"
                                   (newslint-test--wait
                                    (lambda ()
                                      (save-excursion
                                        (goto-char (point-min))
                                        (and (search-forward "“The branches are full after six.”" nil t)
                                             (not (progn (goto-char (point-min))
                                                         (search-forward "\"" nil t))))))))
             (newslint-test--check "and the diagnostics go"
                                   (newslint-test--wait
                                    (lambda () (null (newslint-test--rule-diagnostics)))))
             (ignore-errors (eglot-shutdown (eglot-current-server)))
             (set-buffer-modified-p nil)
             t)
         (error (newslint-test--check "the test ran to the end" nil err)))))
  (ignore ok)
  (princ (format "emacs: %d passed, %d failed\n" newslint-test--passed newslint-test--failed))
  (kill-emacs (if (> newslint-test--failed 0) 1 0)))

;;; emacs_test.el ends here
