// Package upload keeps the files on their way to the server [X1]: their
// progress, failures and retries, as plain Go tested natively.
package upload

import (
	"strconv"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Upload is one file on its way to the server [X1]. Key is the
// idempotency key it keeps for every retry, so a retry after a cut is
// stored once.
type Upload struct {
	Key  string
	Name string
	Size int64
	Sent int64 // bytes the browser has sent
	// Failed: the upload stopped; Problem says why (a reason code from
	// the server, "" for a network failure), Retry whether trying again
	// can help (a refused file stays refused).
	Failed  bool
	Problem wire.FieldProblem
	Message string // the server's words when it gave no reason code
	Retry   bool
}

// Percent is how much of the file has been sent, 0 to 100.
func (u Upload) Percent() int {
	if u.Size <= 0 {
		return 0
	}
	return int(min(100, u.Sent*100/u.Size))
}

// Uploads are the files of one composer still being sent, or failed, in
// the order they were picked.
type Uploads struct {
	list []Upload
}

// Add starts an upload of a picked file and refuses, before anything is
// sent, one over the limit the server applies (maxBytes, 0 if unknown).
func (u *Uploads) Add(key, name string, size, maxBytes int64) Upload {
	up := Upload{Key: key, Name: name, Size: size}
	if maxBytes > 0 && size > maxBytes {
		up.Failed, up.Problem = true, wire.FieldProblem{Reason: wire.ReasonFileTooLarge, Max: int(maxBytes >> 20)}
	}
	u.list = append(u.list, up)
	return up
}

// Progress records that sent bytes of the upload key have gone.
func (u *Uploads) Progress(key string, sent int64) {
	if i := u.find(key); i >= 0 {
		u.list[i].Sent = sent
	}
}

// Fail marks an upload failed: retry says whether sending it again may
// work (a network failure, a server error), not for a refused file.
func (u *Uploads) Fail(key string, p wire.FieldProblem, message string, retry bool) {
	if i := u.find(key); i >= 0 {
		u.list[i].Failed, u.list[i].Problem, u.list[i].Message, u.list[i].Retry, u.list[i].Sent = true, p, message, retry, 0
	}
}

// Retry starts a failed upload again, with the same key; false when it
// cannot be retried.
func (u *Uploads) Retry(key string) bool {
	i := u.find(key)
	if i < 0 || !u.list[i].Failed || !u.list[i].Retry {
		return false
	}
	u.list[i].Failed, u.list[i].Problem, u.list[i].Message, u.list[i].Sent = false, wire.FieldProblem{}, "", 0
	return true
}

// Remove drops an upload: stored, or dismissed after a failure.
func (u *Uploads) Remove(key string) {
	if i := u.find(key); i >= 0 {
		u.list = append(u.list[:i], u.list[i+1:]...)
	}
}

// List is the uploads to show.
func (u *Uploads) List() []Upload { return u.list }

func (u *Uploads) find(key string) int {
	for i, up := range u.list {
		if up.Key == key {
			return i
		}
	}
	return -1
}

// FileSize words a size for a file link: "820 B", "14 KB", "2.4 MB".
func FileSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return strconv.FormatInt((n+500)/1000, 10) + " KB"
	}
	mb := float64(n) / 1e6
	if mb < 10 {
		return strconv.FormatFloat(mb, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(mb, 'f', 0, 64) + " MB"
}
