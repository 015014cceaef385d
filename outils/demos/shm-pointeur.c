/* shm-pointeur.c : un pointeur rangé dans un segment ne vaut que pour le processus qui l'a
 * écrit ; un décalage depuis le début du segment vaut pour tous (cours : « Exemple - création
 * d'un segment », struct uneChaine ; TP 2, question 3).
 *   shm-pointeur ecrire CHEMIN TEXTE   crée le segment ftok(CHEMIN, 'U'), y range TEXTE, un
 *                                      pointeur vers TEXTE et son décalage, se détache
 *   shm-pointeur lire CHEMIN           attache le segment ailleurs, suit le pointeur, puis le
 *                                      décalage ; supprime le segment */
#include <err.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#include "sonde.h"

struct noeud {
	char *pointeur; /* l'erreur montrée : une adresse de l'espace de l'écrivain */
	long decalage;  /* la bonne façon : une position dans le segment */
	char texte[64];
};

/* Le segment id, déjà attaché en n, attaché ailleurs qu'en avant (l'adresse de l'écrivain) :
 * sans randomisation de l'espace d'adressage, les deux adresses pourraient coïncider. */
static struct noeud *attacher_ailleurs(int id, struct noeud *n, const void *avant)
{
	if ((const void *)n == avant) {
		char *zone = mmap(NULL, 3 * SHMLBA, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (zone == MAP_FAILED)
			err(1, "mmap");
		munmap(zone, 3 * SHMLBA);
		struct noeud *m = shmat(id, zone + SHMLBA, SHM_RND);

		if (m == (void *)-1)
			err(1, "shmat");
		shmdt(n);
		n = m;
	}
	return n;
}

int main(int argc, char *argv[])
{
	bool ecrire = argc == 4 && strcmp(argv[1], "ecrire") == 0;
	struct noeud *n;
	key_t cle;
	int id;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!ecrire && (argc != 3 || strcmp(argv[1], "lire") != 0))
		errx(2, "usage : shm-pointeur ecrire CHEMIN TEXTE | lire CHEMIN");
	if ((cle = ftok(argv[2], 'U')) == -1)
		err(1, "ftok");
	if (ecrire) {
		if ((id = shmget(cle, sizeof *n, IPC_CREAT | IPC_EXCL | 0600)) == -1)
			err(1, "shmget");
		if ((n = shmat(id, NULL, 0)) == (void *)-1)
			err(1, "shmat");
		snprintf(n->texte, sizeof n->texte, "%s", argv[3]);
		n->pointeur = n->texte;
		n->decalage = offsetof(struct noeud, texte);
		printf("écrivain : segment attaché en %p ; pointeur = %p, décalage = %ld\n",
		       (void *)n, (void *)n->pointeur, n->decalage);
		shmdt(n);
		return 0;
	}
	if ((id = shmget(cle, 0, 0)) == -1)
		err(1, "shmget");
	if ((n = shmat(id, NULL, 0)) == (void *)-1)
		err(1, "shmat");
	n = attacher_ailleurs(id, n, n->pointeur - offsetof(struct noeud, texte));
	printf("lecteur : segment attaché en %p ; j'y trouve pointeur = %p, décalage = %ld\n",
	       (void *)n, (void *)n->pointeur, n->decalage);
	suivre("lecteur, par le pointeur", n->pointeur);
	printf("lecteur, par le décalage : %p + %ld = %p, « %s »\n", (void *)n, n->decalage,
	       (void *)((char *)n + n->decalage), (char *)n + n->decalage);
	if (shmctl(id, IPC_RMID, NULL) == -1)
		err(1, "shmctl(IPC_RMID)");
	shmdt(n);
	return 0;
}
