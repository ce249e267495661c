// Command receiptcheck verifies a C2SP tlog-proof (c2sp.org/tlog-proof@v1) with Go's own
// transparency-log code, independently of the service's Python: golang.org/x/mod/sumdb/note
// checks the checkpoint's signature and golang.org/x/mod/sumdb/tlog.CheckRecord the
// inclusion proof.
//
//	receiptcheck -receipt FILE -key VKEY_FILE (-entry FILE | -leaf-hash HEX)
//
// It prints "ok <index> <size>" and exits 0 when the receipt proves the entry, else prints
// why and exits 1. Built offline by scripts/go-tlog against Debian's golang-golang-x-mod-dev.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const header = "c2sp.org/tlog-proof@v1"

type proof struct {
	extra      []byte
	index      int64
	hashes     tlog.RecordProof
	checkpoint []byte
}

func parseProof(data []byte) (*proof, error) {
	head, checkpoint, found := bytes.Cut(data, []byte("\n\n"))
	if !found || len(checkpoint) == 0 {
		return nil, errors.New("no empty line before the checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != header {
		return nil, fmt.Errorf("first line is %q", lines[0])
	}
	p := &proof{checkpoint: checkpoint}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		extra, err := base64.StdEncoding.Strict().DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			return nil, fmt.Errorf("extra: %v", err)
		}
		p.extra = extra
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return nil, errors.New("no index line")
	}
	digits := strings.TrimPrefix(lines[0], "index ")
	index, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || index < 0 || strconv.FormatInt(index, 10) != digits {
		return nil, fmt.Errorf("bad index %q", digits)
	}
	p.index = index
	for _, line := range lines[1:] {
		raw, err := base64.StdEncoding.Strict().DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			return nil, fmt.Errorf("bad proof hash %q", line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		p.hashes = append(p.hashes, h)
	}
	return p, nil
}

// parseCheckpoint reads a C2SP tlog-checkpoint body: origin, size, base64 root, extensions.
func parseCheckpoint(text string) (origin string, size int64, root tlog.Hash, err error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return "", 0, root, errors.New("checkpoint has fewer than three lines")
	}
	size, err = strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return "", 0, root, fmt.Errorf("bad checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return "", 0, root, fmt.Errorf("bad checkpoint root %q", lines[2])
	}
	copy(root[:], raw)
	return lines[0], size, root, nil
}

func run() error {
	receiptFile := flag.String("receipt", "", "the tlog-proof file")
	keyFile := flag.String("key", "", "the log's verifier key file (signed-note vkey)")
	entryFile := flag.String("entry", "", "the entry's body, as the log hashed it")
	leafHex := flag.String("leaf-hash", "", "the entry's leaf hash, hex")
	flag.Parse()

	data, err := os.ReadFile(*receiptFile)
	if err != nil {
		return err
	}
	vkey, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	var leaf tlog.Hash
	switch {
	case *entryFile != "" && *leafHex == "":
		body, err := os.ReadFile(*entryFile)
		if err != nil {
			return err
		}
		leaf = tlog.RecordHash(body)
	case *leafHex != "" && *entryFile == "":
		raw, err := hex.DecodeString(*leafHex)
		if err != nil || len(raw) != tlog.HashSize {
			return fmt.Errorf("bad leaf hash %q", *leafHex)
		}
		copy(leaf[:], raw)
	default:
		return errors.New("give -entry or -leaf-hash")
	}

	p, err := parseProof(data)
	if err != nil {
		return fmt.Errorf("receipt: %v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return fmt.Errorf("verifier key: %v", err)
	}
	n, err := note.Open(p.checkpoint, note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	origin, size, root, err := parseCheckpoint(n.Text)
	if err != nil {
		return err
	}
	if origin != verifier.Name() {
		return fmt.Errorf("checkpoint origin %q is not the key's %q", origin, verifier.Name())
	}
	if p.index >= size {
		return fmt.Errorf("index %d outside the tree of %d", p.index, size)
	}
	if p.extra != nil && tlog.RecordHash(p.extra) != leaf {
		return errors.New("extra is not the entry")
	}
	if err := tlog.CheckRecord(p.hashes, size, root, p.index, leaf); err != nil {
		return fmt.Errorf("inclusion: %v", err)
	}
	fmt.Printf("ok %d %d\n", p.index, size)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Println("FAILED:", err)
		os.Exit(1)
	}
}
