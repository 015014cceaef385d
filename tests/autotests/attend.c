/* attend.c : attend un message que personne n'enverra (autotests du banc : interblocage). */
#include <err.h>
#include <sys/msg.h>

int main(int argc, char *argv[])
{
	struct {
		long mtype;
		char c;
	} m;
	int file;

	if (argc != 2)
		errx(2, "usage : attend CHEMIN");
	file = msgget(ftok(argv[1], 2), IPC_CREAT | 0600);
	if (file == -1)
		err(1, "msgget");
	if (msgrcv(file, &m, sizeof m.c, 1, 0) == -1)
		err(1, "msgrcv");
	return 0;
}
