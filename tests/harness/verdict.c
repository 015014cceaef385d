/* verdict.c : le journal d'un item et son échec, avec tout ce qu'il faut pour comprendre. */
#define _GNU_SOURCE
#include "interne.h"
#include "rapport.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define TAILLE_JOURNAL (24 * 1024)

static char tampon_journal[TAILLE_JOURNAL];
static struct texte journal = {tampon_journal, 0, sizeof tampon_journal, false};

void journal_vider(void)
{
	texte_vider(&journal);
}

void journal_ajouter_v(const char *fmt, va_list ap)
{
	texte_ajouter_v(&journal, fmt, ap);
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

/* Ajoute au plus max_lignes lignes de texte (160 octets chacune), préfixées par « | ». */
static void citer(const char *texte, int max_lignes, struct texte *dest)
{
	int lignes = 0;

	while (*texte && lignes < max_lignes && texte_reste(dest) > 100) {
		const char *fin = strchr(texte, '\n');
		int n = fin ? (int)(fin - texte) : (int)strlen(texte);

		if (n > 160)
			n = 160;
		texte_ajouter(dest, "      | %.*s\n", n, texte);
		lignes++;
		texte = fin ? fin + 1 : texte + strlen(texte);
	}
	if (*texte && texte_reste(dest) > 40)
		texte_ajouter(dest, "      | …\n");
}

static char tampon_montres[16 * 1024];
static struct texte montres = {tampon_montres, 0, sizeof tampon_montres, false};

void montrer(struct proc *p)
{
	const char *s;

	/* Plus de place pour une sortie entière : le dire une fois, plutôt que rien. */
	if (texte_reste(&montres) < 400) {
		texte_couper(&montres);
		return;
	}
	s = sortie(p);
	texte_ajouter(&montres, "    Sortie de %s :%s\n", p->nom, *s ? "" : " (vide)");
	citer(s, 12, &montres);
	s = erreurs(p);
	texte_ajouter(&montres, "    Erreurs de %s :%s\n", p->nom, *s ? "" : " (vide)");
	citer(s, 8, &montres);
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

/* Les limites de ressources qu'ont atteintes les programmes de l'item (pour le JSON). */
static void noter_limites(void)
{
	unsigned l = 0;

	for (size_t i = 0; i < bac.nb_procs; i++) {
		struct proc *p = bac.procs[i];

		if (!termine(p) || p->tue_par_banc)
			continue;
		if (signal_fatal(p) == SIGXCPU)
			l |= LIMITE_CPU;
		else if (signal_fatal(p) == SIGXFSZ)
			l |= LIMITE_TAILLE;
	}
	limites_noter(reglages.dossier_rapport, bac.item, l);
}

void echec(const char *fmt, ...)
{
	/* Check formate le message dans un tampon de BUFSIZ octets (_ck_assert_failed, check.c) et
	 * coupe le reste sans le dire : le texte est borné là, et sa coupure marquée. */
	static char tampon[BUFSIZ];
	struct texte msg = texte_sur(tampon, sizeof tampon);
	va_list ap;
	const char *restes;

	va_start(ap, fmt);
	texte_ajouter_v(&msg, fmt, ap);
	va_end(ap);
	/* Les processus encore en vie : où ils sont bloqués, avant qu'on les tue. */
	for (size_t i = 0, vivants = 0; i < bac.nb_procs && texte_reste(&msg) > 600; i++) {
		struct proc *p = bac.procs[i];
		char qui[160];

		/* Sauf s'il est déjà décrit dans le message ; six suffisent à comprendre. */
		snprintf(qui, sizeof qui, "%s (pid %d) ", p->nom, (int)p->nspid);
		if (strstr(msg.buf, qui))
			continue;
		if (termine(p)) {
			/* Un plantage explique souvent ce qui attend en vain. */
			if (plantage(p))
				texte_ajouter(&msg, "\n    Planté : %s.", decrire(p));
			continue;
		}
		if (++vivants <= 6)
			texte_ajouter(&msg, "\n    Encore en vie : %s.", decrire(p));
		else if (vivants == 7)
			texte_ajouter(&msg,
			              "\n    Encore en vie : d'autres processus, non détaillés.");
	}
	if (*veille_motif() && texte_reste(&msg) > 400)
		texte_ajouter(&msg, "\n    Le correcteur n'a pas attendu l'échéance : %s.",
		              veille_motif());
	if (journal.lg > 0 && texte_reste(&msg) > 200)
		texte_ajouter(&msg, "\n  Déroulement :\n%s", journal.buf);
	if (montres.lg > 0 && texte_reste(&msg) > 200)
		texte_ajouter(&msg, "%s", montres.buf);
	if (texte_reste(&msg) > 200) /* trace.c : appels IPC de l'étudiant, bornés */
		trace_ecrire(&msg);
	restes = bac.dossier[0] ? objets_restants() : "";
	if (*restes && !strstr(msg.buf, restes) && texte_reste(&msg) > 200)
		texte_ajouter(&msg, "  Objets IPC restants au moment de l'échec :\n%s", restes);
	noter_limites();
	bac_fermer(false);
	ck_abort_msg("%s", msg.buf);
	__builtin_unreachable();
}

void verdict_reinitialiser(void)
{
	journal_vider();
	nb_etapes = 0;
	texte_vider(&montres);
}
