import{a,b}from"./chunk-EQNXTJZN.js";import"./chunk-VRSCKKZI.js";import"./chunk-NVMHYFGK.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
