/* verdict.c : le journal d'un item et son échec, avec tout ce qu'il faut pour comprendre. */
#define _GNU_SOURCE
#include "interne.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define TAILLE_JOURNAL (24 * 1024)

static char journal[TAILLE_JOURNAL];
static size_t lg_journal;

void journal_vider(void)
{
	lg_journal = 0;
	journal[0] = '\0';
}

void journal_ajouter_v(const char *fmt, va_list ap)
{
	int n;

	if (lg_journal >= sizeof journal - 1)
		return;
	n = vsnprintf(journal + lg_journal, sizeof journal - lg_journal, fmt, ap);
	if (n > 0)
		lg_journal += (size_t)n < sizeof journal - lg_journal
		                  ? (size_t)n
		                  : sizeof journal - lg_journal - 1;
}

void journal_ajouter(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	journal_ajouter_v(fmt, ap);
	va_end(ap);
}

/* Au-delà, le déroulement d'un scénario à 50 clients serait illisible. */
#define MAX_ETAPES 24
static int nb_etapes;

void etape(const char *fmt, ...)
{
	va_list ap;

	if (++nb_etapes > MAX_ETAPES) {
		if (nb_etapes == MAX_ETAPES + 1)
			journal_ajouter("    …\n");
		return;
	}
	journal_ajouter("    ");
	va_start(ap, fmt);
	journal_ajouter_v(fmt, ap);
	va_end(ap);
	journal_ajouter("\n");
}

/* Ajoute au plus max_lignes lignes de texte, préfixées par « | ». */
static void citer(const char *texte, int max_lignes, char *dest, size_t *lg, size_t taille)
{
	int lignes = 0;

	while (*texte && lignes < max_lignes && *lg < taille - 100) {
		const char *fin = strchr(texte, '\n');
		int n = fin ? (int)(fin - texte) : (int)strlen(texte);

		if (n > 160)
			n = 160;
		*lg += (size_t)snprintf(dest + *lg, taille - *lg, "      | %.*s\n", n, texte);
		lignes++;
		texte = fin ? fin + 1 : texte + strlen(texte);
	}
	if (*texte && *lg < taille - 40)
		*lg += (size_t)snprintf(dest + *lg, taille - *lg, "      | …\n");
}

static char montres[16 * 1024];
static size_t lg_montres;

void montrer(struct proc *p)
{
	const char *s = sortie(p);

	if (lg_montres > sizeof montres - 400)
		return;
	lg_montres += (size_t)snprintf(montres + lg_montres, sizeof montres - lg_montres,
	                               "    Sortie de %s :%s\n", p->nom, *s ? "" : " (vide)");
	citer(s, 12, montres, &lg_montres, sizeof montres);
	s = erreurs(p);
	lg_montres += (size_t)snprintf(montres + lg_montres, sizeof montres - lg_montres,
	                               "    Erreurs de %s :%s\n", p->nom, *s ? "" : " (vide)");
	citer(s, 8, montres, &lg_montres, sizeof montres);
}

/* Mort d'un signal d'erreur (SIGSEGV, SIGFPE...) qui ne vient pas du correcteur. */
static bool plantage(const struct proc *p)
{
	switch (signal_fatal(p)) {
	case SIGSEGV:
	case SIGFPE:
	case SIGBUS:
	case SIGILL:
	case SIGABRT:
		return !p->tue_par_banc;
	default:
		return false;
	}
}

void echec(const char *fmt, ...)
{
	static char msg[60 * 1024];
	size_t lg = 0;
	va_list ap;
	const char *restes;

	va_start(ap, fmt);
	lg += (size_t)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (lg >= sizeof msg)
		lg = sizeof msg - 1;
	/* Les processus encore en vie : où ils sont bloqués, avant qu'on les tue. */
	for (size_t i = 0, vivants = 0; i < bac.nb_procs && lg < sizeof msg - 600; i++) {
		struct proc *p = bac.procs[i];
		char qui[160];

		/* Sauf s'il est déjà décrit dans le message ; six suffisent à comprendre. */
		snprintf(qui, sizeof qui, "%s (pid %d) ", p->nom, (int)p->nspid);
		if (strstr(msg, qui))
			continue;
		if (termine(p)) {
			/* Un plantage explique souvent ce qui attend en vain. */
			if (plantage(p))
				lg += (size_t)snprintf(msg + lg, sizeof msg - lg,
				                       "\n    Planté : %s.", decrire(p));
			continue;
		}
		if (++vivants <= 6)
			lg += (size_t)snprintf(msg + lg, sizeof msg - lg,
			                       "\n    Encore en vie : %s.", decrire(p));
		else if (vivants == 7)
			lg += (size_t)snprintf(
			    msg + lg, sizeof msg - lg,
			    "\n    Encore en vie : d'autres processus, non détaillés.");
	}
	if (*veille_motif() && lg < sizeof msg - 400)
		lg += (size_t)snprintf(msg + lg, sizeof msg - lg,
		                       "\n    Le correcteur n'a pas attendu l'échéance : %s.",
		                       veille_motif());
	if (lg_journal > 0 && lg < sizeof msg - 200)
		lg += (size_t)snprintf(msg + lg, sizeof msg - lg, "\n  Déroulement :\n%s", journal);
	if (lg_montres > 0 && lg < sizeof msg - 200)
		lg += (size_t)snprintf(msg + lg, sizeof msg - lg, "%s", montres);
	if (lg < sizeof msg - 200) /* trace.c : appels IPC de l'étudiant, bornés */
		lg += trace_ecrire(msg + lg, sizeof msg - lg);
	restes = bac.dossier[0] ? objets_restants() : "";
	if (*restes && !strstr(msg, restes) && lg < sizeof msg - 200)
		lg += (size_t)snprintf(msg + lg, sizeof msg - lg,
		                       "  Objets IPC restants au moment de l'échec :\n%s", restes);
	bac_fermer(false);
	ck_abort_msg("%s", msg);
	__builtin_unreachable();
}

void verdict_reinitialiser(void)
{
	journal_vider();
	nb_etapes = 0;
	lg_montres = 0;
	montres[0] = '\0';
}
