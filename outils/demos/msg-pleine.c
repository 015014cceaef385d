/* msg-pleine.c : l'écrivain dort dans msgsnd quand la file est pleine, jusqu'à ce qu'un lecteur
 * fasse de la place (cours : « Synchronisation ») ; IPC_SET change la capacité de la file.
 *   msg-pleine remplir CHEMIN OCTETS TAILLE   crée la file ftok(CHEMIN, 'Q'), ramène sa
 *                          capacité msg_qbytes à OCTETS (IPC_STAT puis IPC_SET), puis y dépose
 *                          sans fin des messages de TAILLE octets, en annonçant chaque dépôt
 *   msg-pleine retirer CHEMIN                 retire un message
 * L'écrivain s'arrête quand la file est supprimée (son msgsnd échoue avec EIDRM). */
#include <err.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct message {
	long mtype;
	char texte[8192];
};

int main(int argc, char *argv[])
{
	static struct message m = {.mtype = 1};
	bool remplir = argc == 5 && strcmp(argv[1], "remplir") == 0;
	struct msqid_ds ds;
	key_t cle;
	int file;

	setvbuf(stdout, NULL, _IOLBF, 0); /* une ligne à la fois, même dans un tube */

	if (!remplir && (argc != 3 || strcmp(argv[1], "retirer") != 0))
		errx(2, "usage : msg-pleine remplir CHEMIN OCTETS TAILLE | retirer CHEMIN");
	if ((cle = ftok(argv[2], 'Q')) == -1)
		err(1, "ftok");
	if (!remplir) {
		ssize_t n;

		if ((file = msgget(cle, 0)) == -1)
			err(1, "msgget");
		if ((n = msgrcv(file, &m, sizeof m.texte, 0, 0)) == -1)
			err(1, "msgrcv");
		printf("lecteur : un message de %zd octets retiré\n", n);
		return 0;
	}
	size_t taille = strtoul(argv[4], NULL, 10);

	if (taille == 0 || taille > sizeof m.texte)
		errx(2, "TAILLE : de 1 à %zu", sizeof m.texte);
	if ((file = msgget(cle, IPC_CREAT | IPC_EXCL | 0600)) == -1)
		err(1, "msgget");
	if (msgctl(file, IPC_STAT, &ds) == -1)
		err(1, "msgctl(IPC_STAT)");
	printf("écrivain : msg_qbytes vaut %lu ; ", (unsigned long)ds.msg_qbytes);
	ds.msg_qbytes = strtoul(argv[3], NULL, 10); /* baisser est permis au propriétaire */
	if (msgctl(file, IPC_SET, &ds) == -1)
		err(1, "msgctl(IPC_SET)");
	printf("IPC_SET le ramène à %lu\n", (unsigned long)ds.msg_qbytes);
	for (long i = 1;; i++) {
		memset(m.texte, 'a' + (int)(i % 26), taille);
		if (msgsnd(file, &m, taille, 0) == -1) {
			if (errno == EIDRM || errno == EINVAL)
				errx(1,
				     "file supprimée pendant que j'attendais de déposer (msgsnd : "
				     "%s)",
				     strerror(errno));
			err(1, "msgsnd");
		}
		printf("écrivain : dépôt %ld (%zu octets)\n", i, taille);
	}
}
