/* temps.c : horloge monotone et attente d'un état observable avec échéance. */
#include "interne.h"

void maintenant(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

double secondes_depuis(const struct timespec *t)
{
	struct timespec n;

	maintenant(&n);
	return (double)(n.tv_sec - t->tv_sec) + (double)(n.tv_nsec - t->tv_nsec) / 1e9;
}

double horloge(void)
{
	struct timespec t;

	maintenant(&t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

bool mode_valgrind(void)
{
	return reglages.valgrind;
}

int delai(int ms)
{
	return ms * (reglages.facteur > 0 ? reglages.facteur : 1);
}

/*
 * Réévalue cond jusqu'à l'échéance, ou jusqu'à ce que l'item soit figé (veille.c). Ce n'est
 * pas une pause « pour laisser faire » : l'état attendu est relu à chaque tour, avec un
 * intervalle qui croît de 50 µs à 2 ms.
 */
bool attendre(bool (*cond)(void *), void *arg, int ms)
{
	struct timespec debut;
	struct veille v;
	long pas_ns = 50 * 1000;

	maintenant(&debut);
	veille_commencer(&v);
	while (!cond(arg)) {
		if (secondes_depuis(&debut) * 1000 >= ms) {
			bool ok = cond(arg);

			veille_conclure(ok, ms);
			return ok;
		}
		/* Figé : la condition ne changera plus, inutile d'attendre l'échéance. */
		if (veille_figee(&v)) {
			bool ok = cond(arg);

			if (ok)
				veille_conclure(true, ms);
			return ok;
		}
		proc_patienter(pas_ns); /* traite les arrêts de traçage, revient tôt à une fin */
		if (pas_ns < 2000000)
			pas_ns *= 2;
	}
	veille_conclure(true, ms);
	return true;
}
