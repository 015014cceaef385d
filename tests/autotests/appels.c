/*
 * appels.c : des appels IPC connus d'avance, pour les autotests du traçage (trace.c).
 *   appels CHEMIN connus   une suite fixe d'appels (la trace attendue est dans correcteur.c)
 *   appels CHEMIN v        un V (+1, SEM_UNDO) puis « après V » sur la sortie
 *   appels CHEMIN bloque   un P sur un sémaphore à 0 ; sort avec 3 et « EINTR » si interrompu
 *   appels CHEMIN fils     un fils crée puis supprime une file privée
 *   appels CHEMIN signal   comme bloque, avec un gestionnaire de SIGUSR1 qui écrit « gestionnaire »
 *   appels CHEMIN tty      « tty » si sa sortie est un terminal, sinon « pas de tty »
 */
#include <err.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static void connus(const char *chemin)
{
	struct {
		long mtype;
		char texte[24];
	} m = {2, "bonjour"};
	struct sembuf p = {0, -1, SEM_UNDO}, v = {0, 1, SEM_UNDO | IPC_NOWAIT};
	int file, ens, seg;
	void *adr;

	file = msgget(ftok(chemin, 1), IPC_CREAT | IPC_EXCL | 0600);
	if (file == -1)
		err(1, "msgget");
	if (msgget(ftok(chemin, 1), IPC_CREAT | IPC_EXCL | 0600) != -1 || errno != EEXIST)
		errx(1, "msgget : EEXIST attendu");
	if (msgsnd(file, &m, 8, IPC_NOWAIT) == -1 || msgrcv(file, &m, sizeof m.texte, 0, 0) != 8)
		err(1, "msgsnd/msgrcv");
	ens = semget(ftok(chemin, 2), 2, IPC_CREAT | 0600);
	if (ens == -1 || semctl(ens, 0, SETVAL, 1) == -1 || semop(ens, &p, 1) == -1 ||
	    semop(ens, &v, 1) == -1 || semctl(ens, 0, GETVAL) != 1)
		err(1, "sémaphores");
	seg = shmget(IPC_PRIVATE, 100, 0600);
	if (seg == -1 || (adr = shmat(seg, NULL, SHM_RDONLY)) == (void *)-1 || shmdt(adr) == -1)
		err(1, "segment");
	shmctl(seg, IPC_RMID, NULL);
	semctl(ens, 0, IPC_RMID);
	msgctl(file, IPC_RMID, NULL);
}

static void gestionnaire(int sig)
{
	(void)sig;
	write(1, "gestionnaire\n", 13);
}

int main(int argc, char *argv[])
{
	int ens;

	if (argc != 3)
		errx(2, "usage : appels CHEMIN connus|v|bloque|fils|signal|tty");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[2], "connus") == 0) {
		connus(argv[1]);
	} else if (strcmp(argv[2], "tty") == 0) {
		printf("%s\n", isatty(1) ? "tty" : "pas de tty");
	} else if (strcmp(argv[2], "v") == 0 || strcmp(argv[2], "bloque") == 0 ||
	           strcmp(argv[2], "signal") == 0) {
		struct sembuf op = {0, argv[2][0] == 'v' ? 1 : -1, SEM_UNDO};
		struct sigaction sa = {.sa_handler = gestionnaire};

		if (argv[2][0] == 's' && sigaction(SIGUSR1, &sa, NULL) == -1)
			err(1, "sigaction");

		ens = semget(ftok(argv[1], 3), 1, IPC_CREAT | 0600);
		if (ens == -1)
			err(1, "semget");
		if (semop(ens, &op, 1) == -1) {
			printf("%s\n", errno == EINTR ? "EINTR" : strerror(errno));
			return 3;
		}
		printf("après V\n");
	} else if (strcmp(argv[2], "fils") == 0) {
		pid_t f = fork();

		if (f == 0) {
			int file = msgget(IPC_PRIVATE, 0600);

			_exit(file == -1 || msgctl(file, IPC_RMID, NULL) == -1);
		}
		if (f == -1 || waitpid(f, NULL, 0) != f)
			err(1, "fork");
	}
	return 0;
}
