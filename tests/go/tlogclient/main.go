// Command tlogclient audits the service's log as any C2SP tlog-tiles client would, with Go's
// own transparency-log code and nothing of the service's Python: it fetches the checkpoint
// over HTTP and verifies its signature (golang.org/x/mod/sumdb/note), reads the hash tiles
// through tlog.TileHashReader (which authenticates every tile against the checkpoint's
// root), recomputes the root (tlog.TreeHash), fetches entry bundles and checks every entry
// of each against its leaf hash, proves and checks chosen records (tlog.ProveRecord,
// tlog.CheckRecord), and, given an older checkpoint, the consistency of the two trees
// (tlog.ProveTree, tlog.CheckTree).
//
//	tlogclient -url PREFIX -token-file F -key VKEY_FILE [-old CHECKPOINT_FILE]
//	           [-index I,J,...] [-all] [-expect-404 PATH,...]
//
// PREFIX is the tlog-tiles prefix (http://host:port/v1/audit/tlog). -all checks every
// entry of the log; -index only the bundles of those entries (default: the first and the
// last). -expect-404 names paths under PREFIX that must be 404. It prints one line
// "ok size=<N> entries=<checked> tiles=<fetched> bundles=<fetched> gzip=<bundles gzipped>"
// and exits 0, or prints why and exits 1. Built offline by scripts/go-tlog against
// Debian's golang-golang-x-mod-dev (no module proxy).
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // C2SP tlog-tiles: tiles of height 8, 256 hashes wide

type client struct {
	prefix  string
	token   string
	http    *http.Client
	cache   map[string][]byte // tile path → data, kept for the run (re-authenticated on use)
	tiles   int
	bundles int
	gzipped int
}

func (c *client) get(path string) (data []byte, status int, header http.Header, gzipped bool, err error) {
	req, err := http.NewRequest("GET", c.prefix+"/"+path, nil)
	if err != nil {
		return nil, 0, nil, false, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	// no Accept-Encoding of our own: Go's transport asks for gzip and undoes it itself,
	// reporting it in Response.Uncompressed
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, nil, false, err
	}
	defer resp.Body.Close()
	data, err = io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, nil, false, err
	}
	return data, resp.StatusCode, resp.Header, resp.Uncompressed, nil
}

func (c *client) mustGet(path, contentType string) ([]byte, bool, error) {
	data, status, header, gzipped, err := c.get(path)
	if err != nil {
		return nil, false, fmt.Errorf("GET %s: %v", path, err)
	}
	if status != http.StatusOK {
		return nil, false, fmt.Errorf("GET %s: status %d: %.200s", path, status, data)
	}
	if got := header.Get("Content-Type"); got != contentType {
		return nil, false, fmt.Errorf("GET %s: Content-Type %q, want %q", path, got, contentType)
	}
	return data, gzipped, nil
}

// c2spPath maps x/mod's tile path "tile/8/<L>/<N>[.p/<W>]" (which names the height) to the
// C2SP one, "tile/<L>/<N>[.p/<W>]" (whose height is always 8).
func c2spPath(t tlog.Tile) (string, error) {
	if t.H != height || t.L < 0 {
		return "", fmt.Errorf("unexpected tile %+v", t)
	}
	path := t.Path()
	prefix := fmt.Sprintf("tile/%d/", height)
	if !strings.HasPrefix(path, prefix) {
		return "", fmt.Errorf("unexpected x/mod tile path %q", path)
	}
	return "tile/" + strings.TrimPrefix(path, prefix), nil
}

// Height and ReadTiles make client a tlog.TileReader over HTTP.
func (c *client) Height() int { return height }

func (c *client) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path, err := c2spPath(t)
		if err != nil {
			return nil, err
		}
		if data, ok := c.cache[path]; ok {
			out[i] = data
			continue
		}
		data, _, err := c.mustGet(path, "application/octet-stream")
		if err != nil {
			return nil, err
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("%s: %d bytes, want %d", path, len(data), t.W*tlog.HashSize)
		}
		c.tiles++
		c.cache[path] = data
		out[i] = data
	}
	return out, nil
}

func (c *client) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

// open verifies a signed note under the verifier key and parses it as a C2SP
// tlog-checkpoint (origin, size, base64 root, optional extension lines).
func open(msg []byte, verifier note.Verifier) (checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint signature: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return checkpoint{}, errors.New("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("bad checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return checkpoint{}, fmt.Errorf("bad checkpoint root %q", lines[2])
	}
	cp := checkpoint{origin: lines[0], size: size}
	copy(cp.root[:], raw)
	if cp.origin != verifier.Name() {
		return checkpoint{}, fmt.Errorf("checkpoint origin %q is not the key's %q", cp.origin, verifier.Name())
	}
	return cp, nil
}

func splitBundle(data []byte) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("bundle ends inside a length")
		}
		n := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+n {
			return nil, errors.New("bundle ends inside an entry")
		}
		entries = append(entries, data[2:2+n])
		data = data[2+n:]
	}
	return entries, nil
}

// checkBundle fetches the entry bundle holding entry index (the tree of size n) and checks
// every entry in it: its RFC 6962 leaf hash is the authenticated level-0 hash, and its
// canonical JSON names its own sequence number (leaf index + 1).
func (c *client) checkBundle(r tlog.HashReader, n, index int64) (int, error) {
	number := index / (1 << height)
	width := n - number<<height
	if width > 1<<height {
		width = 1 << height
	}
	t := tlog.Tile{H: height, L: 0, N: number, W: int(width)}
	path, err := c2spPath(t)
	if err != nil {
		return 0, err
	}
	path = strings.Replace(path, "tile/0/", "tile/entries/", 1)
	data, gzipped, err := c.mustGet(path, "application/octet-stream")
	if err != nil {
		return 0, err
	}
	c.bundles++
	if gzipped {
		c.gzipped++
	}
	entries, err := splitBundle(data)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", path, err)
	}
	if len(entries) != int(width) {
		return 0, fmt.Errorf("%s: %d entries, want %d", path, len(entries), width)
	}
	indexes := make([]int64, len(entries))
	for i := range entries {
		indexes[i] = tlog.StoredHashIndex(0, number<<height+int64(i))
	}
	hashes, err := r.ReadHashes(indexes)
	if err != nil {
		return 0, fmt.Errorf("leaf hashes of %s: %v", path, err)
	}
	for i, entry := range entries {
		leaf := number<<height + int64(i)
		if tlog.RecordHash(entry) != hashes[i] {
			return 0, fmt.Errorf("entry %d of %s does not hash to its leaf", leaf, path)
		}
		var event struct {
			Seq int64 `json:"seq"`
		}
		if err := json.Unmarshal(entry, &event); err != nil || event.Seq != leaf+1 {
			return 0, fmt.Errorf("entry %d is not the event with seq %d", leaf, leaf+1)
		}
	}
	return len(entries), nil
}

func run() error {
	prefix := flag.String("url", "", "the tlog-tiles prefix")
	tokenFile := flag.String("token-file", "", "file holding an auditor's bearer token")
	keyFile := flag.String("key", "", "file holding the log's verifier key")
	oldFile := flag.String("old", "", "an older checkpoint to prove consistency with")
	indexList := flag.String("index", "", "entries to prove (default: the first and the last)")
	all := flag.Bool("all", false, "check every entry of the log")
	expect404 := flag.String("expect-404", "", "paths under the prefix that must be 404")
	flag.Parse()
	if *prefix == "" || *tokenFile == "" || *keyFile == "" {
		return errors.New("usage: tlogclient -url PREFIX -token-file F -key VKEY_FILE [...]")
	}
	token, err := os.ReadFile(*tokenFile)
	if err != nil {
		return err
	}
	vkey, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return fmt.Errorf("verifier key: %v", err)
	}
	c := &client{
		prefix: strings.TrimSuffix(*prefix, "/"),
		token:  strings.TrimSpace(string(token)),
		http:   &http.Client{Timeout: 60 * time.Second},
		cache:  map[string][]byte{},
	}

	msg, _, err := c.mustGet("checkpoint", "text/plain; charset=utf-8")
	if err != nil {
		return err
	}
	cp, err := open(msg, verifier)
	if err != nil {
		return err
	}
	if cp.size == 0 {
		return errors.New("the log is empty")
	}
	tree := tlog.Tree{N: cp.size, Hash: cp.root}
	r := tlog.TileHashReader(tree, c)
	root, err := tlog.TreeHash(cp.size, r)
	if err != nil {
		return fmt.Errorf("tree hash from tiles: %v", err)
	}
	if root != cp.root {
		return fmt.Errorf("tree hash from tiles %v is not the checkpoint's %v", root, cp.root)
	}

	var indexes []int64
	if *all {
		for i := int64(0); i < cp.size; i += 1 << height {
			indexes = append(indexes, i)
		}
	} else if *indexList != "" {
		for _, s := range strings.Split(*indexList, ",") {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil || i < 0 || i >= cp.size {
				return fmt.Errorf("index %q is not in the tree of size %d", s, cp.size)
			}
			indexes = append(indexes, i)
		}
	} else {
		indexes = []int64{0, cp.size - 1}
	}
	checked := 0
	for _, i := range indexes {
		count, err := c.checkBundle(r, cp.size, i)
		if err != nil {
			return err
		}
		checked += count
		// an inclusion proof from the tiles, checked as a verifier with only the root would
		leafHashes, err := r.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
		if err != nil {
			return err
		}
		proof, err := tlog.ProveRecord(cp.size, i, r)
		if err != nil {
			return fmt.Errorf("proof of %d: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, cp.size, cp.root, i, leafHashes[0]); err != nil {
			return fmt.Errorf("record %d: %v", i, err)
		}
	}

	if *oldFile != "" {
		oldMsg, err := os.ReadFile(*oldFile)
		if err != nil {
			return err
		}
		old, err := open(oldMsg, verifier)
		if err != nil {
			return fmt.Errorf("old %v", err)
		}
		proof, err := tlog.ProveTree(cp.size, old.size, r)
		if err != nil {
			return fmt.Errorf("consistency proof %d → %d: %v", old.size, cp.size, err)
		}
		if err := tlog.CheckTree(proof, cp.size, cp.root, old.size, old.root); err != nil {
			return fmt.Errorf("consistency %d → %d: %v", old.size, cp.size, err)
		}
		// the old tree's own tiles (its partial tiles of narrower widths) give its root too
		oldRoot, err := tlog.TreeHash(old.size, tlog.TileHashReader(tlog.Tree{N: old.size, Hash: old.root}, c))
		if err != nil || oldRoot != old.root {
			return fmt.Errorf("tree hash of the old tree from tiles: %v %v", oldRoot, err)
		}
	}

	if *expect404 != "" {
		for _, path := range strings.Split(*expect404, ",") {
			data, status, _, _, err := c.get(path)
			if err != nil {
				return err
			}
			if status != http.StatusNotFound {
				return fmt.Errorf("GET %s: status %d, want 404: %.200s", path, status, bytes.TrimSpace(data))
			}
		}
	}
	fmt.Printf("ok size=%d entries=%d tiles=%d bundles=%d gzip=%d\n", cp.size, checked, c.tiles, c.bundles, c.gzipped)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
