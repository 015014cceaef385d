/* sortie-lente.c : sort avec le code 0, mais reste MS millisecondes dans exit_group, retenue par
 * un fils qui la suit (ptrace, PTRACE_O_TRACEEXIT) : une sortie qui attend un verrou du noyau
 * (autotests du banc : une échéance qui tombe pendant la sortie ne compte pas). */
#define _GNU_SOURCE
#include <err.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Le fils : suit le parent, le laisse aller jusqu'à sa sortie, l'y retient ms, puis le lâche. */
static void retenir_a_la_sortie(pid_t parent, int pret, long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000};
	int st;

	if (ptrace(PTRACE_SEIZE, parent, 0, PTRACE_O_TRACEEXIT) == -1 || write(pret, "x", 1) != 1)
		_exit(1);
	while (waitpid(parent, &st, __WALL) != -1 && WIFSTOPPED(st)) {
		if (st >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8)) {
			nanosleep(&t, NULL);
			ptrace(PTRACE_DETACH, parent, 0, 0);
			_exit(0);
		}
		/* Un signal pour le parent : le lui rendre ; un arrêt de groupe : reprendre. */
		ptrace(PTRACE_CONT, parent, 0, st >> 16 ? 0 : WSTOPSIG(st));
	}
	_exit(0);
}

int main(int argc, char *argv[])
{
	int tube[2];
	pid_t parent = getpid();
	char c;

	if (argc != 2)
		errx(2, "usage : sortie-lente MILLISECONDES");
	if (pipe(tube) == -1)
		err(1, "pipe");
	/* Yama (ptrace_scope 1) : un fils ne suit son parent que si celui-ci le permet. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	switch (fork()) {
	case -1:
		err(1, "fork");
	case 0:
		close(tube[0]);
		retenir_a_la_sortie(parent, tube[1], strtol(argv[1], NULL, 10));
	}
	close(tube[1]);
	if (read(tube[0], &c, 1) != 1)
		errx(1, "le fils n'a pas pu me suivre (ptrace)");
	return 0;
}
