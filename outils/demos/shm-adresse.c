/* shm-adresse.c : shmat à une adresse choisie ; SHM_RND arrondit une adresse mal alignée,
 * sans SHM_RND elle est refusée (EINVAL) (cours : « Demande d'accès : attachement »).
 *   shm-adresse CHEMIN   crée un segment d'une page, clé ftok(CHEMIN, 'D'), l'attache où le
 *                        système veut, puis à une adresse choisie, puis à cette adresse + 100
 *                        sans et avec SHM_RND ; supprime le segment */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

/* Une adresse alignée sur SHMLBA où rien n'est projeté : une zone réservée puis rendue. */
static char *adresse_libre(size_t taille)
{
	char *zone = mmap(NULL, taille + SHMLBA, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (zone == MAP_FAILED)
		err(1, "mmap");
	munmap(zone, taille + SHMLBA);
	return (char *)(((uintptr_t)zone + SHMLBA - 1) / SHMLBA * SHMLBA);
}

int main(int argc, char *argv[])
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	key_t cle;
	int id;
	char *p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2)
		errx(2, "usage : shm-adresse CHEMIN");
	if ((cle = ftok(argv[1], 'D')) == -1)
		err(1, "ftok");
	if ((id = shmget(cle, page, IPC_CREAT | IPC_EXCL | 0600)) == -1)
		err(1, "shmget");
	printf("SHMLBA = %d octets (l'alignement exigé pour une adresse d'attachement)\n",
	       (int)SHMLBA);
	if ((p = shmat(id, NULL, 0)) == (void *)-1)
		err(1, "shmat(NULL)");
	printf("shmat(id, NULL, 0)              -> %p (choisie par le système)\n", (void *)p);
	strcpy(p, "écrit par la première attache");
	shmdt(p);

	char *voulue = adresse_libre(page);

	if ((p = shmat(id, voulue, 0)) == (void *)-1)
		err(1, "shmat(%p)", (void *)voulue);
	printf("shmat(id, %p, 0)      -> %p (l'adresse demandée) ; on y lit « %s »\n",
	       (void *)voulue, (void *)p, p);
	shmdt(p);
	p = shmat(id, voulue + 100, 0);
	printf("shmat(id, %p, 0)      -> %s\n", (void *)(voulue + 100),
	       p == (void *)-1 ? strerror(errno) : "accepté ?!");
	if (p != (void *)-1)
		shmdt(p);
	if ((p = shmat(id, voulue + 100, SHM_RND)) == (void *)-1)
		err(1, "shmat(SHM_RND)");
	printf("shmat(id, %p, SHM_RND) -> %p (arrondie au multiple de SHMLBA inférieur)\n",
	       (void *)(voulue + 100), (void *)p);
	shmdt(p);
	if (shmctl(id, IPC_RMID, NULL) == -1)
		err(1, "shmctl(IPC_RMID)");
	return 0;
}
