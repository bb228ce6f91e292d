package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuMark is a reading of the CPU time used so far by this process and by
// the whole machine, to subtract from a later one.
type cpuMark struct {
	at        time.Time
	user, sys time.Duration // this process
	procErr   error
	machine   machineCPU
	statErr   error
}

// machineCPU is the CPU time of all processes, from the first line of
// /proc/stat.
type machineCPU struct {
	busy  time.Duration // user, nice, system, irq and softirq
	steal time.Duration // taken by the hypervisor for other guests
}

// markCPU takes a reading now.
func markCPU() cpuMark {
	m := cpuMark{at: time.Now()}
	m.user, m.sys, m.procErr = processCPU()
	m.machine, m.statErr = readMachineCPU()
	return m
}

// cpuUse is the CPU spent between two marks.
type cpuUse struct {
	wall      time.Duration
	user, sys time.Duration // this process; both 0 when unknown
	procOK    bool
	others    time.Duration // busy time of every other process
	steal     time.Duration
	machineOK bool
}

// since returns the CPU spent from m until now.
func (m cpuMark) since() cpuUse {
	now := markCPU()
	u := cpuUse{wall: now.at.Sub(m.at)}
	if m.procErr == nil && now.procErr == nil {
		u.procOK = true
		u.user, u.sys = now.user-m.user, now.sys-m.sys
	}
	if m.statErr == nil && now.statErr == nil && u.procOK {
		u.machineOK = true
		// /proc/stat counts in 10 ms ticks, so a small negative
		// difference is rounding, not CPU.
		u.others = max(0, now.machine.busy-m.machine.busy-u.user-u.sys)
		u.steal = now.machine.steal - m.machine.steal
	}
	return u
}

// add sums two spans; a part unknown in either is unknown in the sum.
func (u cpuUse) add(o cpuUse) cpuUse {
	if u.wall == 0 {
		return o
	}
	return cpuUse{
		wall: u.wall + o.wall, user: u.user + o.user, sys: u.sys + o.sys, procOK: u.procOK && o.procOK,
		others: u.others + o.others, steal: u.steal + o.steal, machineOK: u.machineOK && o.machineOK,
	}
}

// String gives the use in cores (CPU seconds per second).
func (u cpuUse) String() string {
	if !u.procOK || u.wall <= 0 {
		return "CPU use unknown"
	}
	cores := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds()/u.wall.Seconds(), 'f', 2, 64) }
	s := fmt.Sprintf("this process %s cores (user %s, sys %s)", cores(u.user+u.sys), cores(u.user), cores(u.sys))
	if u.machineOK {
		s += fmt.Sprintf(", other processes %s cores, steal %s", cores(u.others), cores(u.steal))
	}
	return s
}

// readMachineCPU reads the machine-wide CPU times from /proc/stat.
func readMachineCPU() (machineCPU, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return machineCPU{}, fmt.Errorf("reading machine CPU time: %w", err)
	}
	defer f.Close()
	return parseMachineCPU(f)
}

// ticksPerSecond is USER_HZ, the unit of /proc/stat; Linux fixes it at 100
// for user space whatever the kernel's own tick rate.
const ticksPerSecond = 100

// parseMachineCPU reads the "cpu  user nice system idle iowait irq softirq
// steal ..." line of /proc/stat.
func parseMachineCPU(r io.Reader) (machineCPU, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return machineCPU{}, err
	}
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return machineCPU{}, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var t [8]time.Duration
	for i := range t {
		n, err := strconv.ParseInt(fields[i+1], 10, 64)
		if err != nil {
			return machineCPU{}, fmt.Errorf("/proc/stat: %w", err)
		}
		t[i] = time.Duration(n) * time.Second / ticksPerSecond
	}
	const user, nice, system, irq, softirq, steal = 0, 1, 2, 5, 6, 7
	return machineCPU{busy: t[user] + t[nice] + t[system] + t[irq] + t[softirq], steal: t[steal]}, nil
}
