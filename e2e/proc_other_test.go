//go:build !linux

package e2e

import "syscall"

// sysProcAttr has no parent-death signal outside Linux.
func sysProcAttr(syscall.Signal) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{}
}
