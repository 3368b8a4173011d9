/*
 * subreaper PROGRAM ARG…: a stand-in for conmon or a containerd shim. It marks itself a child subreaper
 * (PR_SET_CHILD_SUBREAPER), runs PROGRAM (the helper, with our stdin and stdout) and reports on stderr every
 * process it reaps, as "reaped PID child|adopted CODE" (CODE 128+N after signal N): first its own child, then
 * whatever was re-parented to it when that child exited. Exits once it has no child left.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: subreaper PROGRAM ARG...\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		perror("prctl PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("fork");
		return 1;
	}
	if (child == 0) {
		execv(argv[1], argv + 1);
		perror("execv");
		_exit(127);
	}
	for (;;) {
		int status;
		pid_t p = waitpid(-1, &status, 0);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			return 0; /* ECHILD: nobody left */
		fprintf(stderr, "reaped %d %s %d\n", (int)p, p == child ? "child" : "adopted",
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		fflush(stderr);
	}
}
