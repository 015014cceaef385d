/* shm-deux-fois.c : un processus attache deux fois le même segment, à deux adresses, puis
 * en détache une : c'est pourquoi shmdt prend une adresse et non un identifiant (cours :
 * « Abandon - détachement » ; TP 2, question 1).
 *   shm-deux-fois CHEMIN   segment de clé ftok(CHEMIN, 'W') ; s'arrête lui-même (SIGSTOP)
 *                          après les deux attachements, puis après le premier shmdt, pour
 *                          qu'on regarde ; supprime le segment en partant */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static void arreter(const char *pourquoi)
{
	printf("(pid %d arrêté : %s ; kill -CONT pour continuer)\n", (int)getpid(), pourquoi);
	raise(SIGSTOP);
}

static void attaches(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) == -1)
		err(1, "shmctl(IPC_STAT)");
	printf("shm_nattch = %lu\n", (unsigned long)ds.shm_nattch);
}

int main(int argc, char *argv[])
{
	key_t cle;
	int id;
	char *a, *b;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2)
		errx(2, "usage : shm-deux-fois CHEMIN");
	if ((cle = ftok(argv[1], 'W')) == -1)
		err(1, "ftok");
	if ((id = shmget(cle, 4096, IPC_CREAT | IPC_EXCL | 0600)) == -1)
		err(1, "shmget");
	if ((a = shmat(id, NULL, 0)) == (void *)-1 || (b = shmat(id, NULL, 0)) == (void *)-1)
		err(1, "shmat");
	printf("première attache a = %p, seconde b = %p : le même segment, deux adresses\n",
	       (void *)a, (void *)b);
	strcpy(a, "écrit par a");
	printf("écrit par a, lu par b : « %s »\n", b);
	attaches(id);
	arreter("deux attachements");
	if (shmdt(a) == -1)
		err(1, "shmdt(a)");
	printf("shmdt(a) : l'attachement a disparaît, b reste et lit toujours « %s »\n", b);
	attaches(id);
	arreter("un attachement");
	if (shmctl(id, IPC_RMID, NULL) == -1 || shmdt(b) == -1)
		err(1, "IPC_RMID ou shmdt(b)");
	return 0;
}
