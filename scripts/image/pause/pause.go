// The node tier's pod sandbox ("pause") image: holds a pod's namespaces and does nothing else.
// Kubernetes' own pause image would have to be pulled from a registry; this one is built here
// (scripts/node-up.sh) like every other image the tier runs.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		// as PID 1 of the pod it must reap the zombies of processes that share its PID namespace
		children := make(chan os.Signal, 8)
		signal.Notify(children, syscall.SIGCHLD)
		for range children {
			for {
				pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
		}
	}()
	<-signals
}
