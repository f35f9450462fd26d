/*
 * oracle.c: mmlab's in-guest scenario interpreter (issue 5, "ground truth").
 *
 * Runs inside a busybox initramfs on a real Linux kernel under QEMU. It reads a line-oriented
 * script produced by server/src/oracle/translate.ts and prints one JSON line per operation on
 * stdout (the guest's second serial port, so the kernel console never mixes in):
 *
 *   @@ {"scn":"NAME","id":"7","task":"app","op":"mbind","ret":-1,"errno":22}
 *
 * Script grammar (tokens separated by blanks; numbers are decimal or 0x hex):
 *   scenario NAME                 start a scenario (state is reset at `end`)
 *   sysfs PATH VALUE              write a sysfs/procfs knob now; the old value is restored at `end`
 *   cgroup CG MEMS                create a cgroup v2 child with cpuset.mems = MEMS
 *   task T CPU CG|-               fork task T pinned to CPU, in cgroup CG (joined before any fault)
 *   @ID T OP ARGS...              run OP in task T (T = "-": in the supervisor; ID tags the output)
 *   optimeout MS                  this scenario's per-op time limit (default OP_TIMEOUT_MS); an op that
 *                                 runs longer is cut: the task gets SIGKILL from the supervisor and the
 *                                 lines say so ("timeout", then "died" with "harness":1), so a cut is
 *                                 never mistaken for the kernel killing the task
 *   end                           kill the scenario's tasks, remove its cgroups, restore knobs
 * Task ops (R names a mapping of that task; OFF/NP are page offset and page count):
 *   map R PAGES ADDR anon|shmem|file PRIVATE(0)|SHARED(1)
 *   unmap R OFF NP | touch R OFF NP WRITE(1)|READ(0) | query R
 *   mbind R OFF NP MODE NODES FLAGS | setpol MODE NODES | home R OFF NP NODE
 *   move R OFF NP NODE FLAGS | migrate FROM TO
 *   madvise R OFF NP ADVICE | mlock R OFF NP | munlock R OFF NP | mprotect R OFF NP PROT | exit
 * Supervisor ops: offline NODE | online NODE online|online_movable | cpuset CG MEMS | vmstat
 *   vmstat prints the /proc/vmstat counters of reclaim, demotion, swap and OOM (the pressure
 *   family compares their increments per statement; kswapd runs asynchronously, so the
 *   supervisor first waits until kswapd has been idle for a moment)
 *   NODES/MEMS: "-" (empty), "1,3", "0-2", "0,2-3". MODE carries the MPOL_F_* mode flags.
 *
 * Design (tools/oracle/README.md): raw syscalls (no libnuma), every
 * scenario's tasks are fresh forked children (clean policy, address space, cgroup), mappings at
 * fixed addresses (interleave index = vaddr >> PAGE_SHIFT for anonymous VMAs, so the phase must
 * not depend on ASLR), and /dev/kmsg is read after every op to capture OOM kills and their
 * constraint. The supervisor has oom_score_adj -1000 so it is never the victim.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MASK_WORDS 16           /* 1024 bits = MAX_NUMNODES of the Debian kernel (NODES_SHIFT 10) */
#define MAXNODE (MASK_WORDS * 64 + 1) /* the kernel reads maxnode-1 bits (kernel-oracle.md pitfall 6) */
#define MAX_TASKS 16
#define MAX_REGIONS 64
#define MAX_CGROUPS 16
#define MAX_RESTORE 32
#define OP_TIMEOUT_MS 120000   /* per task op; a scenario may raise it (`optimeout MS`, the pressure family) */
#define RLE_MAX 20000           /* runs beyond this are summarised (only counts + order are kept) */

static char scn[128] = "";
static char cur_id[32] = "";
static char cur_task[32] = "";

/* ---------- output ---------- */

struct buf { char *p; size_t len, cap; };
static void bput(struct buf *b, const char *fmt, ...) {
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		size_t room = b->cap - b->len;
		int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt, ap);
		va_end(ap);
		if (b->p && (size_t)n < room) { b->len += n; return; }
		b->cap = (b->cap + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
	}
}
static void bstr(struct buf *b, const char *s) { /* JSON string */
	bput(b, "\"");
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '"' || c == '\\') bput(b, "\\%c", c);
		else if (c < 0x20) bput(b, "\\u%04x", c);
		else bput(b, "%c", c);
	}
	bput(b, "\"");
}
static void line_begin(struct buf *b, const char *op) {
	b->len = 0;
	bput(b, "@@ {\"scn\":"); bstr(b, scn);
	bput(b, ",\"id\":"); bstr(b, cur_id);
	bput(b, ",\"task\":"); bstr(b, cur_task);
	bput(b, ",\"op\":"); bstr(b, op);
}
static void line_end(struct buf *b) {
	bput(b, "}\n");
	size_t off = 0;
	while (off < b->len) {
		ssize_t w = write(1, b->p + off, b->len - off);
		if (w < 0) { if (errno == EINTR) continue; break; }
		off += w;
	}
}
static void emit_simple(const char *op, long ret, int err, const char *extra) {
	struct buf b = {0};
	line_begin(&b, op);
	bput(&b, ",\"ret\":%ld,\"errno\":%d", ret, err);
	if (extra) bput(&b, ",%s", extra);
	line_end(&b);
	free(b.p);
}

static double now_ms(void) {
	struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---------- parsing helpers ---------- */

static long num(const char *s) { return strtol(s, NULL, 0); }

/* "-" | "1,3" | "0-2,5" -> bitmask; returns number of bits set, -1 on syntax error */
static int parse_nodes(const char *s, uint64_t *mask) {
	memset(mask, 0, MASK_WORDS * 8);
	if (!s || !strcmp(s, "-")) return 0;
	int n = 0;
	const char *p = s;
	while (*p) {
		char *e; long a = strtol(p, &e, 10), b = a;
		if (e == p) return -1;
		if (*e == '-') { p = e + 1; b = strtol(p, &e, 10); if (e == p) return -1; }
		for (long i = a; i <= b; i++)
			if (i >= 0 && i < MASK_WORDS * 64) { mask[i / 64] |= 1ULL << (i % 64); n++; }
		p = e;
		if (*p == ',') p++;
		else if (*p) return -1;
	}
	return n;
}

/* ---------- tasks and regions (task side) ---------- */

struct region { char name[48]; char *addr; long pages; };
static struct region regions[MAX_REGIONS];
static int nregions;

static struct region *find_region(const char *name) {
	/* latest first: a variable assigned again names its newest mapping */
	for (int i = nregions - 1; i >= 0; i--) if (!strcmp(regions[i].name, name)) return &regions[i];
	return NULL;
}

static void rle_status(struct buf *b, const int *st, long n) {
	/* per-node counts, first-appearance order, and the run-length encoded per-page array */
	struct { int v; long c; } cnt[64]; int nc = 0;
	long runs = 0;
	for (long i = 0; i < n; i++) {
		if (i == 0 || st[i] != st[i - 1]) runs++;
		int k; for (k = 0; k < nc; k++) if (cnt[k].v == st[i]) break;
		if (k == nc && nc < 64) { cnt[nc].v = st[i]; cnt[nc].c = 0; nc++; }
		if (k < 64) cnt[k].c++;
	}
	bput(b, ",\"counts\":{");
	for (int k = 0; k < nc; k++) bput(b, "%s\"%d\":%ld", k ? "," : "", cnt[k].v, cnt[k].c);
	bput(b, "},\"order\":[");
	for (int k = 0; k < nc; k++) bput(b, "%s%d", k ? "," : "", cnt[k].v);
	bput(b, "],\"pages\":%ld", n);
	if (runs <= RLE_MAX) {
		bput(b, ",\"runs\":[");
		long i = 0; int first = 1;
		while (i < n) {
			long j = i; while (j < n && st[j] == st[i]) j++;
			bput(b, "%s[%d,%ld]", first ? "" : ",", st[i], j - i);
			first = 0; i = j;
		}
		bput(b, "]");
	} else {
		bput(b, ",\"runs\":null,\"nruns\":%ld", runs);
	}
}

static void op_query(struct region *r) {
	void **pages = malloc(sizeof(void *) * r->pages);
	int *st = malloc(sizeof(int) * r->pages);
	for (long i = 0; i < r->pages; i++) { pages[i] = r->addr + i * 4096L; st[i] = -999; }
	long ret = syscall(SYS_move_pages, 0, r->pages, pages, NULL, st, 0);
	int err = ret < 0 ? errno : 0;
	struct buf b = {0};
	line_begin(&b, "query");
	bput(&b, ",\"r\":"); bstr(&b, r->name);
	bput(&b, ",\"ret\":%ld,\"errno\":%d", ret, err);
	rle_status(&b, st, r->pages);
	line_end(&b);
	free(b.p); free(pages); free(st);
}

static int range_of(char **t, int nt, int at, struct region **r, char **start, long *np) {
	if (nt < at + 3) return -1;
	*r = find_region(t[at]);
	if (!*r) return -1;
	long off = num(t[at + 1]);
	*np = num(t[at + 2]);
	*start = (*r)->addr + off * 4096L;
	return 0;
}

static void task_op(char **t, int nt) {
	const char *op = t[0];
	char extra[256] = "";
	long ret = 0; int err = 0;
	double t0 = now_ms();
	struct region *r = NULL; char *start = NULL; long np = 0;
	uint64_t mask[MASK_WORDS], mask2[MASK_WORDS];

	if (!strcmp(op, "map") && nt >= 6) {
		long pages = num(t[2]);
		unsigned long addr = strtoul(t[3], NULL, 0);
		int shared = num(t[5]) != 0;
		int flags = MAP_FIXED_NOREPLACE | (shared ? MAP_SHARED : MAP_PRIVATE);
		int fd = -1;
		if (!strcmp(t[4], "file")) {
			/* a ramfs file: generic page cache (ramfs has no shared policy, unlike tmpfs/shmem) */
			char path[96]; snprintf(path, sizeof path, "/mnt/ramfs/%s.%d", t[1], getpid());
			fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0 && ftruncate(fd, pages * 4096L) < 0) { close(fd); fd = -1; }
			if (fd < 0) { emit_simple("map", -1, errno, NULL); return; }
		} else {
			flags |= MAP_ANONYMOUS;
		}
		void *p = mmap((void *)addr, pages * 4096L, PROT_READ | PROT_WRITE, flags, fd, 0);
		if (fd >= 0) close(fd);
		if (p == MAP_FAILED) { ret = -1; err = errno; }
		else {
			/* THP is off in /init too; this keeps counts per 4K page even if a scenario turns it on */
			madvise(p, pages * 4096L, MADV_NOHUGEPAGE);
			if (nregions < MAX_REGIONS) {
				struct region *nr = &regions[nregions++];
				snprintf(nr->name, sizeof nr->name, "%s", t[1]);
				nr->addr = p; nr->pages = pages;
			}
		}
		snprintf(extra, sizeof extra, "\"r\":\"%s\",\"addr\":\"%p\",\"pages\":%ld", t[1], p, pages);
	} else if (!strcmp(op, "query") && nt >= 2) {
		r = find_region(t[1]);
		if (r) { op_query(r); return; }
		ret = -1; err = ENOENT;
	} else if (!strcmp(op, "unmap") && !range_of(t, nt, 1, &r, &start, &np)) {
		ret = munmap(start, np * 4096L); err = ret ? errno : 0;
		if (!ret && start == r->addr && np >= r->pages) r->pages = 0;
	} else if (!strcmp(op, "touch") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 5) {
		int write = num(t[4]) != 0;
		volatile char sink = 0;
		for (long i = 0; i < np; i++) {
			if (write) start[i * 4096L] = 1;
			else sink += ((volatile char *)start)[i * 4096L];
		}
		(void)sink;
	} else if (!strcmp(op, "mbind") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 7) {
		int n = parse_nodes(t[5], mask);
		ret = syscall(SYS_mbind, start, np * 4096L, num(t[4]), n ? mask : NULL, n ? MAXNODE : 0, num(t[6]));
		err = ret ? errno : 0;
	} else if (!strcmp(op, "home") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 5) {
		/* set_mempolicy_home_node(2), 6.0+: no libc wrapper */
		ret = syscall(450, start, np * 4096L, num(t[4]), 0);
		err = ret ? errno : 0;
	} else if (!strcmp(op, "setpol") && nt >= 3) {
		int n = parse_nodes(t[2], mask);
		ret = syscall(SYS_set_mempolicy, num(t[1]), n ? mask : NULL, n ? MAXNODE : 0);
		err = ret ? errno : 0;
	} else if (!strcmp(op, "move") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 6) {
		void **pages = malloc(sizeof(void *) * (np ? np : 1));
		int *nodes = malloc(sizeof(int) * (np ? np : 1)), *st = malloc(sizeof(int) * (np ? np : 1));
		for (long i = 0; i < np; i++) { pages[i] = start + i * 4096L; nodes[i] = num(t[4]); st[i] = -999; }
		ret = syscall(SYS_move_pages, 0, np, pages, nodes, st, num(t[5]));
		err = ret < 0 ? errno : 0;
		struct buf b = {0};
		line_begin(&b, "move");
		bput(&b, ",\"r\":"); bstr(&b, r->name);
		bput(&b, ",\"ret\":%ld,\"errno\":%d,\"ms\":%.1f", ret, err, now_ms() - t0);
		rle_status(&b, st, np); /* -999 = an entry the kernel never wrote */
		line_end(&b);
		free(b.p); free(pages); free(nodes); free(st);
		return;
	} else if (!strcmp(op, "migrate") && nt >= 3) {
		parse_nodes(t[1], mask); parse_nodes(t[2], mask2);
		ret = syscall(SYS_migrate_pages, 0, MAXNODE, mask, mask2);
		err = ret < 0 ? errno : 0;
	} else if (!strcmp(op, "madvise") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 5) {
		ret = madvise(start, np * 4096L, num(t[4])); err = ret ? errno : 0;
	} else if (!strcmp(op, "mlock") && !range_of(t, nt, 1, &r, &start, &np)) {
		ret = mlock(start, np * 4096L); err = ret ? errno : 0;
	} else if (!strcmp(op, "munlock") && !range_of(t, nt, 1, &r, &start, &np)) {
		ret = munlock(start, np * 4096L); err = ret ? errno : 0;
	} else if (!strcmp(op, "mprotect") && !range_of(t, nt, 1, &r, &start, &np) && nt >= 5) {
		ret = mprotect(start, np * 4096L, num(t[4])); err = ret ? errno : 0;
	} else if (!strcmp(op, "exit")) {
		emit_simple("exit", 0, 0, NULL);
		_exit(0);
	} else {
		emit_simple("bad", -1, EINVAL, "\"why\":\"unknown op or bad arguments\"");
		return;
	}
	char ex2[400];
	snprintf(ex2, sizeof ex2, "\"ms\":%.1f%s%s", now_ms() - t0, extra[0] ? "," : "", extra);
	emit_simple(op, ret, err, ex2);
}

static int tokenize(char *line, char **t, int max) {
	int n = 0;
	for (char *s = strtok(line, " \t\r\n"); s && n < max; s = strtok(NULL, " \t\r\n")) t[n++] = s;
	return n;
}

static void task_main(int cmd_fd, int ack_fd) {
	FILE *in = fdopen(cmd_fd, "r");
	char line[4096];
	while (fgets(line, sizeof line, in)) {
		char *t[32];
		/* line: ID OP ARGS... */
		int nt = tokenize(line, t, 32);
		if (nt < 2) continue;
		snprintf(cur_id, sizeof cur_id, "%s", t[0]);
		task_op(t + 1, nt - 1);
		if (write(ack_fd, "k", 1) != 1) _exit(1);
	}
	_exit(0);
}

/* ---------- supervisor ---------- */

struct task { char name[32]; pid_t pid; int cmd_fd, ack_fd; int dead; int cut; };
static struct task tasks[MAX_TASKS];
static int ntasks;
static char cgroups[MAX_CGROUPS][200];
static int ncgroups;
static struct { char path[200]; char old[64]; } restore[MAX_RESTORE];
static int nrestore;
static int kmsg_fd = -1;
static pid_t killed_pids[MAX_TASKS * 4];
static int nkilled;
static int scn_index;
static struct { int node; int offlined; } node_changes[32];
static int nnode_changes;
static int op_timeout_ms = OP_TIMEOUT_MS;

static int write_file(const char *path, const char *val) {
	int fd = open(path, O_WRONLY);
	if (fd < 0) return -errno;
	ssize_t w = write(fd, val, strlen(val));
	int e = w < 0 ? errno : 0;
	close(fd);
	return -e;
}
static int read_file(const char *path, char *out, size_t n) {
	int fd = open(path, O_RDONLY);
	if (fd < 0) return -errno;
	ssize_t r = read(fd, out, n - 1);
	close(fd);
	if (r < 0) return -errno;
	out[r] = 0;
	char *nl = strchr(out, '\n'); if (nl) *nl = 0;
	return 0;
}

static struct task *find_task(const char *name) {
	for (int i = 0; i < ntasks; i++) if (!strcmp(tasks[i].name, name)) return &tasks[i];
	return NULL;
}

static void cgroup_path(char *out, size_t n, const char *cg) {
	snprintf(out, n, "/sys/fs/cgroup/s%d_%s", scn_index, cg);
}

/* Report kernel log records about OOM and allocation failures that appeared since the last call. */
static void drain_kmsg(void) {
	if (kmsg_fd < 0) return;
	char rec[8192];
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof rec - 1);
		if (n < 0) { if (errno == EPIPE) continue; break; } /* EPIPE: records overwritten */
		rec[n] = 0;
		char *msg = strchr(rec, ';');
		if (!msg) continue;
		msg++;
		char *nl = strchr(msg, '\n'); if (nl) *nl = 0;
		if (strstr(msg, "oom-kill:") || strstr(msg, "Killed process") || strstr(msg, "invoked oom-killer") ||
		    strstr(msg, "page allocation failure") || strstr(msg, "Fallback order") ||
		    strstr(msg, "Memory cgroup out of memory") || strstr(msg, "Out of memory")) {
			char *k = strstr(msg, "Killed process ");
			if (k && nkilled < MAX_TASKS * 4) killed_pids[nkilled++] = (pid_t)strtol(k + 15, NULL, 10);
			struct buf b = {0};
			line_begin(&b, "kmsg");
			bput(&b, ",\"text\":"); bstr(&b, msg);
			line_end(&b);
			free(b.p);
		}
	}
}

static void report_death(struct task *tk, int status) {
	tk->dead = 1;
	close(tk->cmd_fd); close(tk->ack_fd);
	char ex[128];
	if (WIFSIGNALED(status)) snprintf(ex, sizeof ex, "\"signal\":%d%s", WTERMSIG(status), tk->cut ? ",\"harness\":1" : "");
	else snprintf(ex, sizeof ex, "\"status\":%d", WEXITSTATUS(status));
	char saved[32]; snprintf(saved, sizeof saved, "%s", cur_task);
	snprintf(cur_task, sizeof cur_task, "%s", tk->name);
	emit_simple("died", 0, 0, ex);
	snprintf(cur_task, sizeof cur_task, "%s", saved);
}

/* Reap tasks that died. OOM victims may be other tasks than the one that faulted; a victim named in
 * the kernel log is waited for (it may still be exiting when the faulting task's op returns). */
static void reap(int wait_ms) {
	double until = now_ms() + wait_ms;
	for (int i = 0; i < ntasks; i++) {
		if (tasks[i].dead) continue;
		int victim = 0;
		for (int k = 0; k < nkilled; k++) if (killed_pids[k] == tasks[i].pid) victim = 1;
		for (;;) {
			int st;
			pid_t p = waitpid(tasks[i].pid, &st, WNOHANG);
			if (p == tasks[i].pid) { report_death(&tasks[i], st); break; }
			if (!victim || now_ms() > until) break;
			usleep(2000);
		}
	}
	nkilled = 0;
}

static void spawn_task(const char *name, int cpu, const char *cg) {
	if (ntasks >= MAX_TASKS) { emit_simple("task", -1, ENOSPC, NULL); return; }
	int cmd[2], ack[2];
	if (pipe(cmd) || pipe(ack)) { emit_simple("task", -1, errno, NULL); return; }
	char cgp[200] = "";
	if (strcmp(cg, "-")) cgroup_path(cgp, sizeof cgp, cg);
	pid_t pid = fork();
	if (pid == 0) {
		close(cmd[1]); close(ack[0]);
		for (int i = 0; i < ntasks; i++) { close(tasks[i].cmd_fd); close(tasks[i].ack_fd); }
		if (kmsg_fd >= 0) close(kmsg_fd);
		snprintf(cur_task, sizeof cur_task, "%s", name);
		cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
		int e1 = sched_setaffinity(0, sizeof set, &set) ? errno : 0;
		write_file("/proc/self/oom_score_adj", "0");
		int e2 = 0;
		if (cgp[0]) {
			char p2[240], pid_s[16];
			snprintf(p2, sizeof p2, "%s/cgroup.procs", cgp);
			snprintf(pid_s, sizeof pid_s, "%d", getpid());
			e2 = -write_file(p2, pid_s);
		}
		{
			/* the comm name is what the OOM report prints as task= */
			char comm[16]; snprintf(comm, sizeof comm, "%s", name);
			write_file("/proc/self/comm", comm);
		}
		char ex[96]; snprintf(ex, sizeof ex, "\"cpu\":%d,\"cpu_errno\":%d,\"cgroup_errno\":%d,\"pid\":%d", cpu, e1, e2, getpid());
		emit_simple("task", (e1 || e2) ? -1 : 0, e1 ? e1 : e2, ex);
		if (write(ack[1], "k", 1) != 1) _exit(1);
		task_main(cmd[0], ack[1]);
	}
	close(cmd[0]); close(ack[1]);
	struct task *tk = &tasks[ntasks++];
	snprintf(tk->name, sizeof tk->name, "%s", name);
	tk->pid = pid; tk->cmd_fd = cmd[1]; tk->ack_fd = ack[0]; tk->dead = 0; tk->cut = 0;
	char c; if (read(tk->ack_fd, &c, 1) != 1) { int st; waitpid(pid, &st, 0); report_death(tk, st); }
}

static void send_to_task(struct task *tk, const char *id, char **t, int nt) {
	if (tk->dead) { emit_simple("skipped", -1, ESRCH, "\"why\":\"task is dead\""); return; }
	char line[4096]; size_t off = 0;
	off += snprintf(line + off, sizeof line - off, "%s", id);
	for (int i = 0; i < nt; i++) off += snprintf(line + off, sizeof line - off, " %s", t[i]);
	off += snprintf(line + off, sizeof line - off, "\n");
	if (write(tk->cmd_fd, line, off) != (ssize_t)off) { reap(1000); return; }
	struct pollfd pfd = { .fd = tk->ack_fd, .events = POLLIN };
	double t0 = now_ms();
	int pr = poll(&pfd, 1, op_timeout_ms);
	if (pr == 0) {
		/* the harness, not the kernel, ends this task: say so, with the time it was given */
		tk->cut = 1;
		kill(tk->pid, SIGKILL);
		if (nkilled < MAX_TASKS * 4) killed_pids[nkilled++] = tk->pid; /* reap() waits for it: "died" under this op */
		char ex[96]; snprintf(ex, sizeof ex, "\"ms\":%.1f,\"limit_ms\":%d", now_ms() - t0, op_timeout_ms);
		emit_simple("timeout", -1, ETIMEDOUT, ex);
	} else {
		char c;
		if (read(tk->ack_fd, &c, 1) != 1) { int st; waitpid(tk->pid, &st, 0); report_death(tk, st); }
	}
}

static void node_meminfo(void) {
	/* per-node free memory at scenario start: documents how much the kernel itself uses */
	struct buf b = {0};
	line_begin(&b, "meminfo");
	bput(&b, ",\"free_kb\":{");
	int first = 1;
	for (int n = 0; n < 64; n++) {
		char path[96], s[4096];
		snprintf(path, sizeof path, "/sys/devices/system/node/node%d/meminfo", n);
		int fd = open(path, O_RDONLY); if (fd < 0) continue;
		ssize_t r = read(fd, s, sizeof s - 1); close(fd);
		if (r <= 0) continue;
		s[r] = 0;
		char *m = strstr(s, "MemFree:"); long kb = m ? strtol(m + 8, NULL, 10) : -1;
		char *tot = strstr(s, "MemTotal:"); long tkb = tot ? strtol(tot + 9, NULL, 10) : -1;
		bput(&b, "%s\"%d\":[%ld,%ld]", first ? "" : ",", n, kb, tkb);
		first = 0;
	}
	bput(&b, "}");
	line_end(&b);
	free(b.p);
}

static void on_alarm(int sig) { (void)sig; }

static void node_state(int node, const char *state, long *ret, int *err) {
	/* offlining retries migration until a signal: bound it (the write then fails with EINTR) */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART */
	/* offline/online every memory block of the node (all-or-first-error) */
	char dir[96]; snprintf(dir, sizeof dir, "/sys/devices/system/node/node%d", node);
	*ret = 0; *err = 0;
	FILE *ls = NULL;
	char cmd[160]; snprintf(cmd, sizeof cmd, "ls -d %s/memory[0-9]* 2>/dev/null", dir); /* not memory_failure/ */
	ls = popen(cmd, "r");
	if (!ls) { *ret = -1; *err = errno; return; }
	char path[200]; int any = 0;
	while (fgets(path, sizeof path, ls)) {
		char *nl = strchr(path, '\n'); if (nl) *nl = 0;
		char st[240], curv[32] = "";
		snprintf(st, sizeof st, "%s/state", path);
		read_file(st, curv, sizeof curv);
		any = 1;
		if (!strncmp(state, "online", 6) ? !strcmp(curv, "online") : !strcmp(curv, "offline")) continue;
		alarm(30);
		int e = write_file(st, state);
		alarm(0);
		if (e && !*err) { *ret = -1; *err = -e; }
	}
	pclose(ls);
	if (!any) { *ret = -1; *err = ENOENT; }
}

/* The counters of /proc/vmstat the pressure family compares (increments between two vmstat ops). */
static const char *const VMSTAT_KEYS[] = {
	"pswpin", "pswpout", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
	"pgsteal_kswapd", "pgsteal_direct", "pgscan_kswapd", "pgscan_direct", "oom_kill", "allocstall_movable",
	"allocstall_normal", "pgmigrate_success", "numa_miss", NULL,
};

/* the whole of a (proc) file, not only its first line */
static int read_all(const char *path, char *out, size_t n) {
	int fd = open(path, O_RDONLY);
	if (fd < 0) return -errno;
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, out + len, n - 1 - len);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) break;
		len += r;
		if (len >= n - 1) break;
	}
	close(fd);
	out[len] = 0;
	return 0;
}

static long vmstat_sum(void) {
	/* pgsteal + pgscan: changes while kswapd still works */
	static char text[65536];
	if (read_all("/proc/vmstat", text, sizeof text)) return -1;
	long s = 0;
	for (char *l = text; l && *l; ) {
		char *nl = strchr(l, '\n'); if (nl) *nl = 0;
		char k[64]; long v;
		if (sscanf(l, "%63s %ld", k, &v) == 2 && (!strncmp(k, "pgscan_", 7) || !strncmp(k, "pgsteal_", 8) || !strncmp(k, "pgdemote_", 9) || !strcmp(k, "pswpout"))) s += v;
		if (nl) *nl = '\n';
		l = nl ? nl + 1 : NULL;
	}
	return s;
}

static void op_vmstat(void) {
	/* let kswapd finish the work the statement woke it for: idle = no reclaim counter moved in 100 ms
	 * (at most 5 s) */
	long prev = vmstat_sum();
	for (int i = 0; i < 50; i++) {
		usleep(100000);
		long now = vmstat_sum();
		if (now == prev) break;
		prev = now;
	}
	static char text[65536];
	struct buf b = {0};
	line_begin(&b, "vmstat");
	bput(&b, ",\"ret\":0,\"errno\":0,\"vm\":{");
	int first = 1;
	if (!read_all("/proc/vmstat", text, sizeof text)) {
		for (char *l = text; l && *l; ) {
			char *nl = strchr(l, '\n'); if (nl) *nl = 0;
			char k[64]; long v;
			if (sscanf(l, "%63s %ld", k, &v) == 2)
				for (int i = 0; VMSTAT_KEYS[i]; i++)
					if (!strcmp(k, VMSTAT_KEYS[i])) { bput(&b, "%s\"%s\":%ld", first ? "" : ",", k, v); first = 0; }
			l = nl ? nl + 1 : NULL;
		}
	}
	bput(&b, "}");
	line_end(&b);
	free(b.p);
}

static void supervisor_op(char **t, int nt) {
	long ret = 0; int err = 0;
	double t0 = now_ms();
	/* node state is global: remember what to undo at the scenario's end */
	if ((!strcmp(t[0], "offline") || !strcmp(t[0], "online")) && nt >= 2 && nnode_changes < 32) {
		node_changes[nnode_changes].node = num(t[1]);
		node_changes[nnode_changes++].offlined = !strcmp(t[0], "offline");
	}
	if (!strcmp(t[0], "offline") && nt >= 2) node_state(num(t[1]), "offline", &ret, &err);
	else if (!strcmp(t[0], "online") && nt >= 3) node_state(num(t[1]), t[2], &ret, &err);
	else if (!strcmp(t[0], "cpuset") && nt >= 3) {
		char p[240], cgp[200]; cgroup_path(cgp, sizeof cgp, t[1]);
		snprintf(p, sizeof p, "%s/cpuset.mems", cgp);
		int e = write_file(p, strcmp(t[2], "-") ? t[2] : "");
		if (e) { ret = -1; err = -e; }
	} else if (!strcmp(t[0], "sysfs") && nt >= 3) {
		int e = write_file(t[1], t[2]);
		if (e) { ret = -1; err = -e; }
	} else if (!strcmp(t[0], "vmstat")) {
		op_vmstat();
		return;
	} else { emit_simple("bad", -1, EINVAL, "\"why\":\"unknown supervisor op\""); return; }
	char ex[64]; snprintf(ex, sizeof ex, "\"ms\":%.1f", now_ms() - t0);
	emit_simple(t[0], ret, err, ex);
}

static void end_scenario(void) {
	for (int i = 0; i < ntasks; i++) if (!tasks[i].dead) kill(tasks[i].pid, SIGKILL);
	for (int i = 0; i < ntasks; i++) if (!tasks[i].dead) { int st; waitpid(tasks[i].pid, &st, 0); close(tasks[i].cmd_fd); close(tasks[i].ack_fd); }
	ntasks = 0;
	for (int i = ncgroups - 1; i >= 0; i--) rmdir(cgroups[i]);
	ncgroups = 0;
	for (int i = nrestore - 1; i >= 0; i--) write_file(restore[i].path, restore[i].old);
	for (int i = nnode_changes - 1; i >= 0; i--) {
		long r; int e;
		node_state(node_changes[i].node, node_changes[i].offlined ? "online_movable" : "offline", &r, &e);
	}
	nnode_changes = 0;
	nrestore = 0;
	op_timeout_ms = OP_TIMEOUT_MS;
	drain_kmsg();
	cur_id[0] = 0; cur_task[0] = 0;
	emit_simple("end", 0, 0, NULL);
}

int main(int argc, char **argv) {
	if (argc < 2) { fprintf(stderr, "usage: oracle SCRIPT\n"); return 2; }
	FILE *f = fopen(argv[1], "r");
	if (!f) { perror(argv[1]); return 2; }
	write_file("/proc/self/oom_score_adj", "-1000");
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	/* no seek: the boot-time "Fallback order for Node N" records are reported too (zonelist oracle) */
	drain_kmsg();
	signal(SIGPIPE, SIG_IGN);
	{
		char up[64] = ""; read_file("/proc/uptime", up, sizeof up);
		char rel[128] = ""; read_file("/proc/sys/kernel/osrelease", rel, sizeof rel);
		char ex[256]; snprintf(ex, sizeof ex, "\"uptime\":\"%s\",\"release\":\"%s\"", up, rel);
		emit_simple("boot", 0, 0, ex);
	}
	char line[4096];
	int in_scn = 0;
	double scn_t0 = 0;
	while (fgets(line, sizeof line, f)) {
		char *t[32];
		int nt = tokenize(line, t, 32);
		if (nt == 0 || t[0][0] == '#') continue;
		if (!strcmp(t[0], "scenario") && nt >= 2) {
			if (in_scn) end_scenario();
			snprintf(scn, sizeof scn, "%s", t[1]);
			scn_index++; in_scn = 1; scn_t0 = now_ms();
			cur_id[0] = 0; cur_task[0] = 0;
			drain_kmsg();
			node_meminfo();
		} else if (!strcmp(t[0], "end")) {
			if (in_scn) {
				char ex[64]; snprintf(ex, sizeof ex, "\"ms\":%.1f", now_ms() - scn_t0);
				cur_id[0] = 0; cur_task[0] = 0;
				emit_simple("elapsed", 0, 0, ex);
				end_scenario();
			}
			in_scn = 0;
		} else if (!strcmp(t[0], "sysfs") && nt >= 3) {
			if (nrestore < MAX_RESTORE) {
				snprintf(restore[nrestore].path, sizeof restore[0].path, "%s", t[1]);
				if (read_file(t[1], restore[nrestore].old, sizeof restore[0].old) == 0) nrestore++;
			}
			cur_id[0] = 0; cur_task[0] = 0;
			int e = write_file(t[1], t[2]);
			char ex[256]; snprintf(ex, sizeof ex, "\"path\":\"%s\",\"value\":\"%s\"", t[1], t[2]);
			emit_simple("sysfs", e ? -1 : 0, -e, ex);
		} else if (!strcmp(t[0], "optimeout") && nt >= 2) {
			long ms = num(t[1]);
			if (ms > 0 && ms < 24L * 3600 * 1000) op_timeout_ms = (int)ms;
		} else if (!strcmp(t[0], "cgroup") && nt >= 3) {
			char p[200], p2[240];
			cgroup_path(p, sizeof p, t[1]);
			int e = mkdir(p, 0755) ? errno : 0;
			if (!e && ncgroups < MAX_CGROUPS) snprintf(cgroups[ncgroups++], sizeof cgroups[0], "%s", p);
			snprintf(p2, sizeof p2, "%s/cpuset.mems", p);
			if (!e) e = -write_file(p2, strcmp(t[2], "-") ? t[2] : "");
			snprintf(cur_task, sizeof cur_task, "%s", t[1]); cur_id[0] = 0;
			emit_simple("cgroup", e ? -1 : 0, e, NULL);
			cur_task[0] = 0;
		} else if (!strcmp(t[0], "task") && nt >= 4) {
			cur_id[0] = 0;
			spawn_task(t[1], num(t[2]), t[3]);
			cur_task[0] = 0;
		} else if (t[0][0] == '@' && nt >= 3) {
			snprintf(cur_id, sizeof cur_id, "%s", t[0] + 1);
			snprintf(cur_task, sizeof cur_task, "%s", t[1]);
			if (!strcmp(t[1], "-")) supervisor_op(t + 2, nt - 2);
			else {
				struct task *tk = find_task(t[1]);
				if (!tk) emit_simple("bad", -1, ESRCH, "\"why\":\"no such task\"");
				else send_to_task(tk, t[0] + 1, t + 2, nt - 2);
			}
			drain_kmsg();
			reap(3000);
			drain_kmsg();
		} else {
			emit_simple("bad", -1, EINVAL, "\"why\":\"unknown script line\"");
		}
	}
	if (in_scn) end_scenario();
	cur_id[0] = 0; cur_task[0] = 0; scn[0] = 0;
	emit_simple("done", 0, 0, NULL);
	return 0;
}
