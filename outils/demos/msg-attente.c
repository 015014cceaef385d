/* msg-attente.c : attendre un message en sondant avec IPC_NOWAIT brûle un processeur, attendre
 * dans un msgrcv bloquant ne coûte rien (cours : « Accès - extraction » ; TP 1, question 2).
 *   msg-attente sonder CHEMIN TYPE    msgrcv(TYPE, IPC_NOWAIT) en boucle jusqu'au message
 *   msg-attente bloquer CHEMIN TYPE   un seul msgrcv(TYPE) bloquant
 *   msg-attente deposer CHEMIN TYPE   dépose un message d'étiquette TYPE
 * Les deux lecteurs affichent en partant leurs essais et leur temps processeur (getrusage).
 * La file, de clé ftok(CHEMIN, 'A'), est créée par le premier venu. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/resource.h>

struct message {
	long mtype;
	char texte[8];
};

int main(int argc, char *argv[])
{
	struct message m = {0};
	struct rusage ru;
	long essais = 0;
	key_t cle;
	int file;

	setvbuf(stdout, NULL, _IOLBF, 0); /* une ligne à la fois, même dans un tube */

	if (argc != 4 ||
	    (strcmp(argv[1], "sonder") != 0 && strcmp(argv[1], "bloquer") != 0 &&
	     strcmp(argv[1], "deposer") != 0) ||
	    (m.mtype = atol(argv[3])) <= 0)
		errx(2, "usage : msg-attente sonder|bloquer|deposer CHEMIN TYPE (TYPE > 0)");
	if ((cle = ftok(argv[2], 'A')) == -1)
		err(1, "ftok");
	if ((file = msgget(cle, IPC_CREAT | 0600)) == -1)
		err(1, "msgget");
	if (argv[1][0] == 'd') {
		if (msgsnd(file, &m, sizeof m.texte, 0) == -1)
			err(1, "msgsnd");
		return 0;
	}
	int options = argv[1][0] == 's' ? IPC_NOWAIT : 0;
	long type = m.mtype;

	do
		essais++;
	while (msgrcv(file, &m, sizeof m.texte, type, options) == -1 &&
	       (errno == ENOMSG || errno == EINTR));
	if (getrusage(RUSAGE_SELF, &ru) == -1)
		err(1, "getrusage");
	long ms = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	          (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;

	printf("%s : message reçu après %ld appel(s) de msgrcv, %ld,%02ld s de processeur\n",
	       options ? "sondeur (IPC_NOWAIT)" : "lecteur bloquant", essais, ms / 1000,
	       ms % 1000 / 10);
	return 0;
}
