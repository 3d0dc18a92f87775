package e2e

import "syscall"

// sysProcAttr makes the kernel kill the server if the test binary dies, so
// that no server outlives a crashed or timed-out test run.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
