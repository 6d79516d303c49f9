package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// hardening are git settings that stop the scanned repository's own config
// (.git/config, and whatever it includes) from running commands or changing
// the output launchready parses. They are passed to every git process as
// GIT_CONFIG_KEY_n/VALUE_n entries, which take precedence over every
// config file, so nothing is ever written to the user's config.
//
// core.hooksPath is left alone: no command launchready runs starts a hook
// (it never commits, checks out, merges or pushes), and the hook installer
// must see the user's real setting.
var hardening = [][2]string{
	{"core.fsmonitor", "false"},      // a hook run by ls-files, diff, status
	{"core.pager", "cat"},            // and --no-pager, GIT_PAGER=cat
	{"core.editor", "false"},         //
	{"core.sshCommand", "false"},     // launchready never talks to a remote
	{"core.askPass", ""},             // and never asks for credentials
	{"credential.helper", ""},        // an empty value resets the list
	{"protocol.allow", "never"},      // no transport at all, so no
	{"protocol.ext.allow", "never"},  // ext:: command, proxy or
	{"protocol.file.allow", "never"}, // upload-pack is started
	{"core.gitProxy", ""},            //
	{"gpg.program", "false"},         // signatures are never verified
	{"gpg.ssh.program", "false"},     //
	{"gpg.x509.program", "false"},    //
	{"log.showSignature", "false"},   //
	{"diff.noprefix", "false"},       // the patch text stays in the form
	{"diff.mnemonicPrefix", "false"}, // the secret scanner parses
	{"color.ui", "never"},            //
	{"color.diff", "never"},          //
	// Settings that change which commits, or how much of them, git log
	// shows: the secret scan must see every commit as it is stored.
	{"log.showRoot", "true"},          // false hides the root commit's patch
	{"core.useReplaceRefs", "false"},  // `git replace` swaps commits (and GIT_NO_REPLACE_OBJECTS)
	{"diff.relative", "false"},        // true limits patches to a subfolder
	{"log.follow", "false"},           //
	{"diff.renames", "true"},          // renames with edits show the edited lines
	{"diff.ignoreSubmodules", "none"}, //
	{"log.decorate", "false"},         // the headers stay as go-gitdiff reads them
	{"log.abbrevCommit", "false"},     //
	{"log.date", "default"},           //
	{"format.pretty", "medium"},       //
	{"diff.suppressBlankEmpty", "false"},
	{"core.quotePath", "true"},
}

// noGraftFile is the graft file every git process is given: a path that
// never exists, so .git/info/grafts cannot rewrite parents and hide
// commits from a history scan.
const noGraftFile = "/nonexistent/launchready-no-grafts"

// driverKey matches the settings of named drivers, which .gitattributes
// (repository content) selects and the repository's config defines:
// filters run on reads of the work tree and the index, merge drivers run
// in `git log --diff-merges=remerge`, textconv and external diff drivers in
// log and diff. Their names cannot be known in advance, so the config is
// asked which exist, and each one found is overridden (see driverOverride);
// log, diff and show also always get --no-ext-diff and --no-textconv.
const driverKey = `^(filter|merge|diff)\..+\.(clean|smudge|process|driver|textconv|command)$|^credential\..+\.helper$|^remote\..+\.(uploadpack|receivepack|proxy)$`

// driverOverride is the harmless value for a discovered driver setting.
func driverOverride(key string) string {
	switch {
	case strings.HasSuffix(key, ".clean"), strings.HasSuffix(key, ".smudge"):
		return "cat" // the content unchanged
	case strings.HasSuffix(key, ".driver"):
		// A merge driver that always fails: git keeps "ours" and marks a
		// conflict, so a remerge patch still shows every line the
		// resolution added.
		return "false"
	case strings.HasSuffix(key, ".uploadpack"), strings.HasSuffix(key, ".receivepack"):
		return "false"
	}
	// process, textconv, command, helper, proxy: empty means unset.
	return ""
}

// patchCommands take --no-ext-diff and --no-textconv.
var patchCommands = []string{"log", "diff", "show"}

// hardenedEnv returns the GIT_* entries for r's git processes: r.Env (the
// caller's additions, such as safe.directory in a container), then the
// hardening settings and the overrides of every driver the config defines.
func (r *Repo) hardenedEnv(ctx context.Context) ([]string, error) {
	r.hardenOnce.Do(func() {
		base := append(os.Environ(), r.Env...)
		fixed := hardeningEnv(base, hardening)
		// Which drivers does the repository (or the user) define? git
		// config only reads config files: it never runs any of them.
		cmd := exec.CommandContext(ctx, "git", "--no-pager", "-C", r.Root, "config", "--null", "--get-regexp", driverKey)
		cmd.Env = append(slices.Clip(base), fixed...)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stderr.Len() > 0 {
				// 1 with nothing on stderr is "no such key"; anything else
				// means the config could not be read, so it cannot be
				// neutralised either: fail closed.
				r.hardenErr = gitFailure("config", err, stderr.String())
				return
			}
		}
		var pairs [][2]string
		for _, entry := range strings.Split(out.String(), "\x00") {
			key, _, _ := strings.Cut(entry, "\n")
			if key != "" {
				pairs = append(pairs, [2]string{key, driverOverride(key)})
			}
		}
		r.harden = hardeningEnv(base, append(slices.Clip(hardening), pairs...))
	})
	return r.harden, r.hardenErr
}

// hardeningEnv numbers the pairs after the GIT_CONFIG_COUNT entries env
// already has, and adds the environment that keeps git from prompting or
// paging.
func hardeningEnv(env []string, pairs [][2]string) []string {
	n := 0
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GIT_CONFIG_COUNT="); ok {
			n, _ = strconv.Atoi(v) // the last one wins, as in exec.Cmd
		}
	}
	out := []string{"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "GIT_OPTIONAL_LOCKS=0",
		"GIT_NO_REPLACE_OBJECTS=1", "GIT_GRAFT_FILE=" + noGraftFile}
	for i, kv := range pairs {
		out = append(out, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", n+i, kv[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", n+i, kv[1]))
	}
	return append(out, fmt.Sprintf("GIT_CONFIG_COUNT=%d", n+len(pairs)))
}

// Command builds a git command in the repository. It is the one place
// every git process launchready starts is made, its own and the secret
// scanner's: the repository's config cannot make it run a command (see
// hardening), it never pages or prompts, and patch commands never run
// external diff or textconv drivers. If the config cannot be read, the
// command fails when started.
func (r *Repo) Command(ctx context.Context, args ...string) *exec.Cmd {
	full := []string{"--no-pager", "-C", r.Root}
	if len(args) > 0 && slices.Contains(patchCommands, args[0]) {
		full = append(full, args[0], "--no-ext-diff", "--no-textconv")
		full = append(full, args[1:]...)
	} else {
		full = append(full, args...)
	}
	cmd := exec.CommandContext(ctx, "git", full...)
	env, err := r.hardenedEnv(ctx)
	cmd.Env = append(append(os.Environ(), r.Env...), env...)
	if err != nil && cmd.Err == nil {
		cmd.Err = err
	}
	return cmd
}

// gitFailure turns a failed git process into an *Error, with git's first
// line of complaint; a missing git binary says so.
func gitFailure(sub string, err error, stderr string) error {
	if isNotFound(err) {
		return ErrNoGit
	}
	msg := firstLine(stderr)
	if msg == "" {
		msg = err.Error()
	}
	return &Error{What: fmt.Sprintf("git %s failed: %s", sub, msg)}
}

// ErrNoGit is the error when there is no git to run.
var ErrNoGit = &Error{What: "git not found on PATH", Fix: "install git 2.36 or later, or add the folder that holds it to PATH"}

func isNotFound(err error) bool { return errors.Is(err, exec.ErrNotFound) }
