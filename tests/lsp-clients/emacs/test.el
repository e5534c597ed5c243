;;; test.el --- Emacs 28 + eglot 1.9 in batch mode against charrnn-lsp: completion items.  -*- lexical-binding: t -*-
;; Run: CHARRNN_LSP=... CHARRNN_CLIENT_DIR=... emacs --batch -l test.el
;; eglot-ensure needs a command loop, so this connects directly (see shared/notes/real-clients.md).
;; The model is found by the server's default lookup: <workspace>/.charrnn/model.safetensors.
;; It asks at the end of line 12, "\tfor (int i = 0; i < 10; i++) {": a suggestion there opens the block's body (at the
;; end of a statement an adapted model may rightly predict only a closing brace, which shaping drops).
(require 'eglot)
(require 'project)

(defun charrnn-test--finish (ok message)
  (princ (format "%s%s\n" (if ok "EMACS OK: " "EMACS FAIL: ") message))
  (kill-emacs (if ok 0 1)))

(condition-case err
    (let* ((dir (file-name-as-directory (getenv "CHARRNN_CLIENT_DIR")))
           (file (expand-file-name "sample.c" dir)))
      (setq project-find-functions (list (lambda (_) (cons 'transient dir))))
      ;; Adaptation off: once the document's adaptation finishes (when depends on the machine's load) the adapted
      ;; model may predict only what shaping drops here, so with it on this check could fail at random (it did once in
      ;; CI). Adaptation is exercised by the Node client tests; this one checks that eglot gets items at all.
      (setq eglot-server-programs
            `((c-mode . (,(getenv "CHARRNN_LSP") "--stdio" :initializationOptions (:adaptation :json-false)))))
      (find-file file)
      (c-mode)
      (apply #'eglot (eglot--guess-contact))
      (let ((server (eglot-current-server))
            (items nil)
            (tries 0))
        (unless server (charrnn-test--finish nil "eglot did not connect"))
        ;; Retry while the model is still loading (the server answers empty until then).
        (while (and (null items) (< tries 60))
          (setq tries (1+ tries))
          (let ((result (jsonrpc-request server :textDocument/completion
                                         (list :textDocument (eglot--TextDocumentIdentifier)
                                               :position (list :line 12 :character 31)))))
            (setq items (append (plist-get result :items) nil)))
          (unless items (sleep-for 0.5)))
        (if items
            (charrnn-test--finish t (format "%d completion items (first %S)" (length items)
                                            (plist-get (car items) :label)))
          (charrnn-test--finish nil "no completion items"))))
  (error (charrnn-test--finish nil (error-message-string err))))
