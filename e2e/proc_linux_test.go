package e2e

import "syscall"

// sysProcAttr makes the kernel send death to the child if the test binary
// dies, so that no server or browser outlives a crashed or timed-out run.
func sysProcAttr(death syscall.Signal) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: death}
}
