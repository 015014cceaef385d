/* fuit.c : crée une file de clé ftok(argv[1], 1) et l'oublie (autotests du banc). */
#include <err.h>
#include <sys/msg.h>

int main(int argc, char *argv[])
{
	if (argc != 2)
		errx(2, "usage : fuit CHEMIN");
	if (msgget(ftok(argv[1], 1), IPC_CREAT | 0600) == -1)
		err(1, "msgget");
	return 0;
}
