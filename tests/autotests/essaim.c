/*
 * essaim.c : un fork en boucle borné (autotests du banc) : 40 fils qui dorment, sous le nom
 * tp-ipc-marqueur-essaim (lancer.sh cherche les survivants par ce nom), puis attend ses fils.
 * Le banc doit conclure sans attendre l'échéance, puis tout tuer.
 */
#include <err.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 40; i++) {
		pid_t p = fork();

		if (p == -1)
			err(1, "fork");
		if (p == 0) {
			execl("/bin/sleep", "tp-ipc-marqueur-essaim", "1000", (char *)NULL);
			_exit(127);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
