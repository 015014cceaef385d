/* sem-tout.c : SETALL et GETALL lisent et écrivent tout un ensemble de sémaphores en un appel ;
 * SETALL, comme semop, fait du processus le « dernier à avoir opéré » (GETPID) de chaque
 * sémaphore (Linux 4.6 et plus) (cours : « Initialisation »).
 *   sem-tout CHEMIN V0 V1 V2   crée un ensemble de trois sémaphores, clé ftok(CHEMIN, 'E'), les
 *                              met à V0 V1 V2 par SETALL, relit tout par GETALL, s'arrête
 *                              (SIGSTOP) pour qu'on regarde, puis supprime l'ensemble */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>

#define N 3

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

int main(int argc, char *argv[])
{
	unsigned short valeurs[N], relues[N];
	key_t cle;
	int id;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2 + N)
		errx(2, "usage : sem-tout CHEMIN V0 V1 V2");
	for (int i = 0; i < N; i++)
		valeurs[i] = (unsigned short)atoi(argv[2 + i]);
	if ((cle = ftok(argv[1], 'E')) == -1)
		err(1, "ftok");
	if ((id = semget(cle, N, IPC_CREAT | IPC_EXCL | 0600)) == -1)
		err(1, "semget");
	if (semctl(id, 0, SETALL, (union semun){.array = valeurs}) == -1)
		err(1, "semctl(SETALL)");
	if (semctl(id, 0, GETALL, (union semun){.array = relues}) == -1)
		err(1, "semctl(GETALL)");
	printf("pid %d : SETALL {%u, %u, %u}, puis GETALL relit {%u, %u, %u}\n", (int)getpid(),
	       valeurs[0], valeurs[1], valeurs[2], relues[0], relues[1], relues[2]);
	printf("(pid %d arrêté ; kill -CONT pour supprimer l'ensemble)\n", (int)getpid());
	raise(SIGSTOP);
	if (semctl(id, 0, IPC_RMID) == -1)
		err(1, "semctl(IPC_RMID)");
	return 0;
}
